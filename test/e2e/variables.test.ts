import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

type Listed = { variables: { name: string; value: string; description: string }[] };
const listed = async () => (await api<Listed>(url(), 'GET', '/api/variables')).body.variables;

const flow = {
  id: 'env-flow',
  name: 'Reads variables',
  schemaVersion: 1,
  nodes: [
    { id: 'start', type: 'trigger.manual', name: 'Start', config: {}, ui: { position: { x: 0, y: 0 } } },
    {
      id: 'prepare',
      type: 'map.jsonata',
      name: 'Prepare',
      config: { expression: '$env.ERP_COMPANY & $env.ERP_REGION' },
      ui: { position: { x: 0, y: 160 } },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourcePort: 'out', target: 'prepare', targetPort: 'in' }],
};

beforeAll(async () => {
  session = await startSession('variables');
  const put = await api(url(), 'PUT', '/api/variables/ERP_COMPANY', {
    value: '1000',
    description: 'Company code in the ERP',
  });
  expect(put.status).toBe(201);
  expect((await api(url(), 'POST', '/api/flows', flow)).status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

describe('environment variables in Chromium', () => {
  it('an admin adds, edits and deletes variables, with mistakes shown at their field', async () => {
    await inPage(session.browser, 'variables-admin', async (page) => {
      await page.goto(url());
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Variables' }).click();
      await page.getByRole('heading', { name: 'Variables' }).waitFor();
      await page.getByRole('cell', { name: 'ERP_COMPANY', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Add variable' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add variable' });
      await dialog.getByLabel('Name').fill('erp base');
      await dialog.getByLabel('Value').fill('x'.repeat(5000));
      await dialog.getByRole('button', { name: 'Add variable' }).click();
      await dialog.getByText('Not a name: a variable name is UPPER_SNAKE').waitFor();
      await dialog.getByText('The value is 5000 bytes; a variable holds at most 4096 bytes.').waitFor();
      expect(await dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
      await shot(page, 'variables-errors');

      await dialog.getByLabel('Name').fill('erp_base');
      expect(await dialog.getByLabel('Name').inputValue()).toBe('ERP_BASE');
      await dialog.getByLabel('Value').fill('https://erp.example.com/api');
      await dialog.getByLabel('Description (optional)').fill('Base URL of the ERP API');
      await dialog.getByRole('button', { name: 'Add variable' }).click();
      await page.getByRole('status').getByText('Added ERP_BASE').waitFor();
      await page.getByRole('cell', { name: 'https://erp.example.com/api', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Edit ERP_COMPANY' }).click();
      const edit = page.getByRole('dialog', { name: 'Edit ERP_COMPANY' });
      expect(await edit.getByLabel('Name').isDisabled()).toBe(true);
      await edit.getByLabel('Value').fill('2000');
      await edit.getByRole('button', { name: 'Save variable' }).click();
      await page.getByRole('status').getByText('Saved ERP_COMPANY').waitFor();
      await page.getByRole('cell', { name: '2000', exact: true }).waitFor();
      await shot(page, 'variables-page');

      await page.getByRole('button', { name: 'Delete ERP_BASE' }).click();
      await page
        .getByRole('dialog', { name: 'Delete ERP_BASE?' })
        .getByRole('button', { name: 'Delete variable' })
        .click();
      await page.getByRole('status').getByText('Deleted ERP_BASE').waitFor();
      await expect.poll(() => page.getByRole('cell', { name: 'ERP_BASE', exact: true }).count()).toBe(0);
    });
    expect(await listed()).toEqual([
      expect.objectContaining({ name: 'ERP_COMPANY', value: '2000', description: 'Company code in the ERP' }),
    ]);
    const audit = await api<{ entries: { action: string; target: string }[] }>(
      url(),
      'GET',
      '/api/audit?action=variable.',
    );
    expect(audit.body.entries.map((e) => `${e.action} ${e.target}`)).toEqual([
      'variable.deleted ERP_BASE',
      'variable.updated ERP_COMPANY',
      'variable.created ERP_BASE',
      'variable.created ERP_COMPANY',
    ]);
  }, 120_000);

  it('an analyst reads the variables but cannot change them, sees a missing one warned about, and the expression editor completes $env.', async () => {
    await inPage(
      session.browser,
      'variables-analyst',
      async (page) => {
        await page.goto(`${url()}/variables`);
        await page.getByRole('cell', { name: 'ERP_COMPANY', exact: true }).waitFor();
        expect(await page.getByRole('button', { name: 'Add variable' }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Edit ERP_COMPANY' }).count()).toBe(0);

        await page.goto(`${url()}/flows/env-flow`);
        await page.getByText('All changes saved').waitFor();
        // The static check warns about the variable this installation lacks, at its step and field.
        await page
          .getByText('$env.ERP_REGION: this installation has no variable ERP_REGION; an admin adds it under Variables')
          .waitFor();
        await shot(page, 'variables-warning');
        await page.locator('.react-flow__node[data-id="prepare"]').click();
        const editor = page.locator('.inspector-body .cm-content').first();
        await editor.click();
        await page.keyboard.press('Control+a');
        await page.keyboard.type('$env.');
        const options = page.locator('.cm-tooltip-autocomplete li');
        await expect
          .poll(() => options.allTextContents(), { timeout: 10_000 })
          .toEqual([expect.stringContaining('ERP_COMPANY')]);
        await shot(page, 'variables-completion');
      },
      undefined,
      'analyst',
    );
  }, 120_000);

  it('the top bar fits a 1280-pixel window for an admin: the page never scrolls sideways, every main link shows whole', async () => {
    await inPage(
      session.browser,
      'topbar-1280',
      async (page) => {
        await page.goto(`${url()}/variables`);
        await page.getByRole('heading', { name: 'Variables' }).waitFor();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, 'pixels the page scrolls sideways').toBeLessThanOrEqual(0);
        const nav = page.getByRole('navigation', { name: 'Main' });
        const bar = (await nav.boundingBox())!;
        for (const link of await nav.getByRole('link').all()) {
          const box = (await link.boundingBox())!;
          const name = await link.textContent();
          expect(box.x + box.width, `${name} ends inside the bar`).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
          expect(box.height, `${name} on one line`).toBeLessThan(34);
        }
        await page.getByRole('button', { name: 'Sign out' }).waitFor();
        expect((await page.getByRole('button', { name: 'Sign out' }).boundingBox())!.x + 10).toBeLessThan(1280);
        await shot(page, 'topbar-1280');
      },
      { width: 1280, height: 800 },
    );
  }, 60_000);
});
