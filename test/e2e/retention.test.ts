import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;
let runId = '';

beforeAll(async () => {
  session = await startSession('retention');
  const def = flow('time-entries', { in: n.manual(), out: n.map('{ "hours": hours }') }, ['in>out']);
  expect((await api(url(), 'POST', '/api/flows', { ...def, name: 'Time entries' })).status).toBe(201);
  const run = await api<{ id: string; status: string }>(url(), 'POST', '/api/flows/time-entries/test', {
    input: { hours: 7 },
  });
  expect(run.body.status).toBe('succeeded');
  runId = run.body.id;
}, 240_000);
afterAll(() => session?.close());

describe('retention in Chromium', () => {
  it("an admin sets a flow's policy, prunes now and sees the result; the run page says its payloads were removed", async () => {
    await inPage(
      session.browser,
      'retention',
      async (page) => {
        await page.goto(url());
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Retention' }).click();
        await page.getByRole('heading', { name: 'Retention' }).waitFor();
        await page.getByText(/MB/).first().waitFor();
        const row = page.getByRole('row', { name: /Time entries/ });
        expect(await row.textContent()).toContain('forever');

        await row.getByRole('button', { name: 'Edit the policy of Time entries' }).click();
        const dialog = page.getByRole('dialog', { name: 'Retention: Time entries' });
        // A number of days the policy cannot take is refused in the dialog, which stays open.
        await dialog.getByLabel(/Keep finished runs for/).fill('0');
        await dialog.getByRole('button', { name: 'Save policy' }).click();
        await dialog
          .getByRole('alert')
          .getByText(/Days must be a whole number of at least 1/)
          .waitFor();
        await shot(page, 'retention-dialog-error');
        await dialog.getByLabel(/Keep finished runs for/).fill('30');
        await dialog.getByLabel('Keep the step inputs and outputs of successful runs').uncheck();
        await dialog.getByRole('button', { name: 'Save policy' }).click();
        await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/30 days.*dropped.*own/);

        await page.getByRole('button', { name: 'Prune now' }).click();
        await page
          .getByRole('status')
          .getByText(/Pruned: 0 runs deleted, payloads of 1 successful run dropped/)
          .waitFor();
        await shot(page, 'gov-06-retention');

        await page.goto(`${url()}/runs/${runId}`);
        await page.getByText('The retention policy removed the step inputs and outputs of this run').waitFor();
      },
      undefined,
      'admin',
    );
  });
});
