import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { HttpStub } from '../support/http-stub.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

const PUBLIC_URL = 'https://weft.example.com';
let session: Session;
let stub: HttpStub;
const url = () => session.runtime.url;

beforeAll(async () => {
  [session, stub] = await Promise.all([startSession('alerts', { WEFT_PUBLIC_URL: PUBLIC_URL }), HttpStub.start()]);
  const def = flow(
    'invoices',
    {
      in: n.webhook('invoices'),
      check: n.if('fail = true'),
      boom: { type: 'control.fail', config: { message: 'ERP refused the invoice', code: 'erp_down' } },
      ok: n.map('$'),
    },
    ['in>check', 'check:true>boom', 'check:false>ok'],
  );
  const settings = { criticality: 'critical', businessProcess: 'Order-to-cash', businessKey: '=invoice' };
  expect((await api(url(), 'POST', '/api/flows', { ...def, name: 'Invoices to ERP', settings })).status).toBe(201);
  expect((await api(url(), 'POST', '/api/flows/invoices/publish', {})).status).toBe(201);
  expect((await api(url(), 'POST', '/api/flows/invoices/activate', { version: 1 })).status).toBe(200);
}, 240_000);
afterAll(async () => {
  await session?.close();
  await stub?.close();
});

describe('alerts in Chromium', () => {
  it('an admin adds a channel and a rule, a failing run notifies the webhook, and the incident shows with its delivery', async () => {
    await inPage(session.browser, 'alerts', async (page) => {
      await page.goto(url());
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Alerts' }).click();
      await page.getByRole('heading', { name: 'Alerts', exact: true }).waitFor();
      await page.getByText('No channels yet').waitFor();

      await page.getByRole('button', { name: 'Add channel' }).click();
      const channel = page.getByRole('dialog', { name: 'New alert channel' });
      await channel.getByLabel('Name').fill('Ops webhook');
      await channel.getByLabel(/^URL/).fill(`${stub.url}/alerts`);
      await channel.getByLabel(/Signing secret/).fill('alert-signing-secret-0123');
      await channel.getByRole('button', { name: 'Save channel' }).click();
      await page.getByRole('row', { name: /Ops webhook/ }).waitFor();

      await page.getByRole('button', { name: 'Add rule' }).click();
      const rule = page.getByRole('dialog', { name: 'New alert rule' });
      await rule.getByLabel('Name').fill('Critical flows failing');
      await rule.getByLabel('For').selectOption('criticality');
      await rule.getByLabel('Criticality at least').selectOption('critical');
      await rule.getByLabel(/Ops webhook/).check();
      await shot(page, 'alerts-rule-dialog');
      await rule.getByRole('button', { name: 'Save rule' }).click();
      const ruleRow = page.getByRole('row', { name: /Critical flows failing/ });
      await ruleRow.waitFor();
      expect(await ruleRow.textContent()).toContain('a run fails: critical+ flows');

      // The webhook answers the failed run's error; the run itself is what matters here.
      const hook = await fetch(`${url()}/hooks/invoices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invoice: 'INV-77', fail: true }),
      });
      expect(await hook.json()).toMatchObject({ error: { code: 'run_failed' } });
      await stub.waitForCalls('/alerts', 1, 15_000);
      expect(JSON.parse(stub.calls('/alerts')[0]!.body)).toMatchObject({ businessKey: 'INV-77', event: 'opened' });

      await page.reload();
      const incident = page.getByRole('row', { name: /Run failed: Invoices to ERP/ });
      await incident.waitFor();
      await expect
        .poll(() => incident.textContent(), { timeout: 10_000 })
        .toMatch(/open.*INV-77.*sent opened → Ops webhook/);
      expect(await incident.textContent()).toContain('critical · Order-to-cash');
      await shot(page, 'alerts-page');
    });
  });
});
