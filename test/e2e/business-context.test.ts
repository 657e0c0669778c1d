import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

beforeAll(async () => {
  session = await startSession('business-context');
  const invoices = flow('invoices', { hook: n.webhook('invoices-in'), m: n.map('$') }, ['hook>m']);
  expect((await api(url(), 'POST', '/api/flows', { ...invoices, name: 'Invoices to ERP' })).status).toBe(201);
  // A second flow whose runs carry the same business key, computed from another field.
  const dunning = {
    ...flow('dunning', { hook: n.webhook('dunning-in'), m: n.map('$') }, ['hook>m']),
    name: 'Dunning letters',
    settings: { businessKey: "='INV-' & $string(ref)", businessProcess: 'Collections', criticality: 'low' },
  };
  expect((await api(url(), 'POST', '/api/flows', dunning)).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await session?.close();
});

async function publishAndActivate(flowId: string): Promise<void> {
  const published = await api(url(), 'POST', `/api/flows/${flowId}/publish`, {});
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  const activated = await api(url(), 'POST', `/api/flows/${flowId}/activate`, { version: 1 });
  expect(activated.status, JSON.stringify(activated.body)).toBe(200);
}

async function post(path: string, body: unknown): Promise<string> {
  const res = await api<{ runId: string }>(url(), 'POST', `/hooks/${path}`, body);
  expect(res.status).toBeLessThan(300);
  return res.body.runId;
}

/** Fills the flow's business settings in the editor's inspector and saves the draft. */
async function fillSettings(page: Page): Promise<void> {
  await page.goto(`${url()}/flows/invoices`);
  const inspector = page.getByRole('complementary', { name: 'Inspector' });
  await inspector.getByRole('heading', { name: 'Business' }).waitFor();
  await inspector.getByLabel('Business process').fill('Quote-to-cash');
  await inspector.getByLabel('Criticality').selectOption({ label: 'Critical' });
  await inspector.getByLabel('Owning team').fill('Finance IT');
  await inspector.getByLabel('Longest run (ms)').fill('90000');
  await inspector.getByLabel('Succeeds at least every (ms)').fill('5400000');
  await expect.poll(() => inspector.getByText('1 h 30 min.').count()).toBe(1);

  // A key that does not compile is named where it is typed and in Problems; publishing waits for the fix.
  const key = inspector.getByLabel('Business key');
  await key.fill('=invoice.(number');
  await page.keyboard.press('Control+s');
  await page.getByText('All changes saved').waitFor();
  await inspector
    .getByRole('alert')
    .filter({ hasText: /Expected "\)"/ })
    .waitFor();
  await page.getByRole('tab', { name: /Problems/ }).click();
  await page.getByRole('list', { name: 'Problems' }).getByText('settings.businessKey').waitFor();
  await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
  await shot(page, 'business-01-settings-bad-key');

  await key.fill('=invoice.number');
  await page.keyboard.press('Control+s');
  await expect.poll(() => inspector.getByRole('alert').count()).toBe(0);
  await expect.poll(() => page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(false);
  await inspector.getByLabel('Business key').scrollIntoViewIfNeeded();
  await shot(page, 'business-02-settings');
}

describe('business context, end to end in Chromium', () => {
  it('sets a flow’s business settings in the inspector and finds runs of two flows by their business key', async () => {
    await inPage(session.browser, 'business-settings', fillSettings);
    const draft = await api<{ definition: { settings: Record<string, unknown> } }>(url(), 'GET', '/api/flows/invoices');
    expect(draft.body.definition.settings).toEqual({
      businessProcess: 'Quote-to-cash',
      criticality: 'critical',
      owner: 'Finance IT',
      businessKey: '=invoice.number',
      sla: { maxDurationMs: 90_000, freshnessMs: 5_400_000 },
    });

    await publishAndActivate('invoices');
    await publishAndActivate('dunning');
    const ids = [
      await post('invoices-in', { invoice: { number: 'INV-1042', amount: 120 } }),
      await post('invoices-in', { invoice: { number: 'INV-2077', amount: 80 } }),
      await post('dunning-in', { ref: 1042, letter: 2 }),
    ];
    await expect
      .poll(async () => (await api<{ runs: { status: string }[] }>(url(), 'GET', '/api/runs?limit=10')).body.runs)
      .toSatisfy((runs: { status: string }[]) => runs.length === 3 && runs.every((r) => r.status === 'succeeded'));

    await inPage(session.browser, 'business-search', async (page) => {
      await page.goto(`${url()}/runs`);
      const rows = page.getByRole('table').getByRole('row');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
      await page.getByRole('searchbox', { name: /Search business key/ }).fill('INV-1042');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
      const text = await page.getByRole('table').textContent();
      expect(text).toContain('Invoices to ERP');
      expect(text).toContain('Dunning letters');
      expect(text).not.toContain('INV-2077');
      await expect.poll(() => page.getByRole('table').getByText('INV-1042', { exact: true }).count()).toBe(2);
      const invoiceRow = rows.filter({ hasText: 'Invoices to ERP' });
      expect(await invoiceRow.textContent()).toMatch(/Critical.*Quote-to-cash/);
      expect(await rows.filter({ hasText: 'Dunning letters' }).textContent()).toMatch(/Low.*Collections/);
      await shot(page, 'business-03-runs-search');

      await invoiceRow.getByRole('link').first().click();
      await page.waitForURL(new RegExp(`/runs/${ids[0]}$`));
      const facts = page.locator('.run-facts');
      await expect.poll(() => facts.textContent()).toMatch(/Business keyINV-1042/);
      expect(await facts.textContent()).toMatch(/Business processQuote-to-cash/);
      expect(await facts.textContent()).toMatch(/CriticalityCritical/);
      await shot(page, 'business-04-run');
    });
  }, 180_000);
});
