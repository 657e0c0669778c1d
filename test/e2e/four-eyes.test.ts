import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { ADMIN_TOKEN } from '../support/auth.ts';
import { weftCliAsync } from '../support/cli.ts';
import { flow, n } from '../support/flows.ts';
import { shot } from './browser.ts';
import { inPage, startSession, userOf, PASSWORD, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

/** Publishes the flow's draft as the operator user, through a signed-in session as the designer does. */
async function publishAsOperator(flowId: string): Promise<number> {
  const login = await fetch(`${url()}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: userOf('operator'), password: PASSWORD }),
  });
  const cookie = /weft_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const res = await fetch(`${url()}/api/flows/${flowId}/publish`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `weft_session=${cookie}`, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ note: 'posts invoices' }),
  });
  const body = (await res.json()) as { version: number };
  if (res.status !== 201) throw new Error(`publishing as the operator: ${res.status} ${JSON.stringify(body)}`);
  return body.version;
}

beforeAll(async () => {
  session = await startSession('four-eyes');
  const def = flow('invoice-post', { in: n.manual(), out: n.map('{ "ok": true }') }, ['in>out']);
  const body = { ...def, name: 'Invoice posting', settings: { ...def.settings, criticality: 'critical' } };
  expect((await api(url(), 'POST', '/api/flows', body)).status).toBe(201);
}, 240_000);
afterAll(() => session?.close());

const versionRow = (page: Page, v: number) =>
  page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `v${v}` }) });

describe('four-eyes activation in Chromium', () => {
  it('an admin turns it on, the publisher cannot activate, a second user approves and activates', async () => {
    await inPage(session.browser, 'four-eyes-setting', async (page) => {
      // The stored policy arrives well after the page is drawn, as over a slow link: choices made meanwhile stay.
      await page.route('**/api/settings/four-eyes', async (route) => {
        if (route.request().method() === 'GET') await new Promise((r) => setTimeout(r, 700));
        await route.continue();
      });
      await page.goto(`${url()}/admin/users`);
      const section = page.getByRole('region', { name: 'Four-eyes activation' });
      const saveButton = section.getByRole('button', { name: 'Save' });
      await section.getByLabel('Require approval for').selectOption('criticality');
      await section.getByLabel('Criticality at or above').selectOption('high');
      await saveButton.click();
      await page.getByText('Four-eyes activation saved').waitFor();
      // What the server holds is shown: nothing to save until something changes.
      await expect.poll(() => saveButton.isDisabled(), { timeout: 5000 }).toBe(true);
      await section.getByLabel('Criticality at or above').selectOption('normal');
      expect(await saveButton.isDisabled()).toBe(false);
      await section.getByLabel('Criticality at or above').selectOption('high');
      expect(await saveButton.isDisabled()).toBe(true);
      await shot(page, 'four-eyes-setting');
    });
    expect((await api(url(), 'GET', '/api/settings/four-eyes')).body).toEqual({
      mode: 'criticality',
      criticality: 'high',
    });

    const v = await publishAsOperator('invoice-post');

    await inPage(
      session.browser,
      'four-eyes-publisher',
      async (page) => {
        await page.goto(`${url()}/flows/invoice-post/versions`);
        const row = versionRow(page, v);
        await row.getByText('Pending approval').waitFor();
        expect(await row.getByRole('button', { name: `Approve v${v}` }).count()).toBe(0);
        const activate = row.getByRole('button', { name: 'Activate' });
        expect(await activate.isDisabled()).toBe(true);
        expect(await activate.getAttribute('title')).toContain('a different user must approve');
      },
      undefined,
      'operator',
    );

    const file = join(mkdtempSync(join(tmpdir(), 'weft-four-eyes-')), 'invoice-post.json');
    try {
      const def = flow('invoice-cli', { in: n.manual(), out: n.map('$') }, ['in>out']);
      writeFileSync(file, JSON.stringify({ ...def, settings: { ...def.settings, criticality: 'high' } }));
      const cli = await weftCliAsync(['import', file, '--server', url(), '--activate'], { WEFT_TOKEN: ADMIN_TOKEN });
      expect(cli.code).toBe(1);
      expect(cli.err).toContain('a different user must approve');
    } finally {
      rmSync(join(file, '..'), { recursive: true, force: true });
    }

    await inPage(session.browser, 'four-eyes-approver', async (page) => {
      await page.goto(`${url()}/flows/invoice-post/versions`);
      const row = versionRow(page, v);
      await row.getByText('Pending approval').waitFor();
      await shot(page, 'four-eyes-pending');
      await row.getByRole('button', { name: `Approve v${v}` }).click();
      await row.getByText(`Approved by ${userOf('admin')}`).waitFor();
      await row.getByRole('button', { name: 'Activate' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Activate' }).click();
      await page.getByText(`v${v} is active.`).waitFor();
      await shot(page, 'four-eyes-approved');
    });
    const versions = (
      await api<{ versions: { active: boolean; approval: { state: string; by: string } }[] }>(
        url(),
        'GET',
        '/api/flows/invoice-post/versions',
      )
    ).body.versions;
    expect(versions[0]).toMatchObject({ active: true, approval: { state: 'approved', by: userOf('admin') } });
    const audit = (
      await api<{ entries: { action: string; actorName: string }[] }>(url(), 'GET', '/api/audit?action=flow.version')
    ).body.entries;
    expect(audit.map((e) => [e.action, e.actorName])).toEqual([['flow.version.approved', userOf('admin')]]);
  }, 180_000);
});
