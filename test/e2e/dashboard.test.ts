import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { eventually } from '../support/poll.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

async function deploy(def: ReturnType<typeof flow>): Promise<void> {
  expect((await api(url(), 'POST', '/api/flows', def)).status).toBe(201);
  expect((await api(url(), 'POST', `/api/flows/${def.id}/publish`, {})).status).toBe(201);
  expect((await api(url(), 'POST', `/api/flows/${def.id}/activate`, { version: 1 })).status).toBe(200);
}

const liveRuns = async (flowId: string, status: string) =>
  (await api<{ runs: unknown[] }>(url(), 'GET', `/api/runs?flowId=${flowId}&status=${status}&limit=500`)).body.runs
    .length;

beforeAll(async () => {
  session = await startSession('dashboard');
  await deploy({
    ...flow('invoices', { hook: n.webhook('invoices-in'), m: n.map('$') }, ['hook>m']),
    name: 'Invoices to ERP',
    settings: {
      businessProcess: 'Quote-to-cash',
      criticality: 'critical',
      owner: 'Finance IT',
      sla: { maxDurationMs: 60_000 },
    },
  });
  await deploy({
    ...flow('dunning', { hook: n.webhook('dunning-in'), out: n.fail('customer blocked') }, ['hook>out']),
    name: 'Dunning letters',
    settings: { businessProcess: 'Collections', criticality: 'low' },
  });
  for (let i = 0; i < 6; i++) expect((await api(url(), 'POST', '/hooks/invoices-in', { i })).status).toBeLessThan(300);
  for (let i = 0; i < 2; i++) await api(url(), 'POST', '/hooks/dunning-in', { i });
  await eventually(
    async () => (await liveRuns('invoices', 'succeeded')) === 6 && (await liveRuns('dunning', 'failed')) === 2,
    'the runs to finish',
  );
}, 240_000);

afterAll(async () => {
  await session?.close();
});

describe('the dashboard, in Chromium', () => {
  it('shows the estate by business process, each number opening the runs it counts', async () => {
    await inPage(session.browser, 'dashboard-overview', async (page) => {
      await page.goto(`${url()}/`);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const table = page.getByRole('table');
      await table.getByRole('rowheader', { name: /Quote-to-cash/ }).waitFor();
      const invoices = table.getByRole('row', { name: /Invoices to ERP/ });
      await invoices.getByRole('link', { name: '6 succeeded' }).waitFor();
      const dunning = table.getByRole('row', { name: /Dunning letters/ });
      await dunning.getByRole('link', { name: '2 failed' }).waitFor();
      await table
        .getByRole('row', { name: /All flows/ })
        .getByRole('link', { name: '2 in the failed-runs queue' })
        .waitFor();
      await shot(page, 'dashboard-01-overview');

      // A new run shows without reloading the page.
      await api(url(), 'POST', '/hooks/invoices-in', { i: 6 });
      await invoices.getByRole('link', { name: '7 succeeded' }).waitFor({ timeout: 20_000 });

      await dunning.getByRole('link', { name: '2 failed' }).click();
      await page.waitForURL(/\/runs\?/);
      const params = new URL(page.url()).searchParams;
      expect(params.get('flowId')).toBe('dunning');
      expect(params.get('status')).toBe('failed');
      expect(params.get('mode')).toBe('live');
      await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
    });
  });

  it('shows one flow over time: chart, success rate, percentiles and failures by error and step', async () => {
    await inPage(session.browser, 'dashboard-flow', async (page) => {
      await page.goto(`${url()}/dashboard?range=1h`);
      await page.getByRole('link', { name: 'Dunning letters' }).click();
      await page.getByRole('heading', { name: /Dunning letters/ }).waitFor();
      await page.getByText('Success rate').waitFor();
      await page.getByText('0.0%').waitFor();
      await page.locator('.runs-chart canvas').waitFor();
      const failures = page.getByRole('table');
      await failures.getByRole('link', { name: /2 failed with .* at out/ }).waitFor();
      await shot(page, 'dashboard-02-flow');

      await page.goto(`${url()}/dashboard/flows/invoices?range=24h`);
      await page.getByText('100.0%').waitFor();
      await page.getByText('No failures in this range.').waitFor();
      await page.locator('.runs-chart canvas').waitFor();
      await shot(page, 'dashboard-03-flow-ok');
    });
  });
});
