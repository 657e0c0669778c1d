import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { eventually } from '../support/poll.ts';
import { join } from 'node:path';
import { artifacts, shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
const url = () => session.runtime.url;

async function deploy(def: ReturnType<typeof flow>): Promise<void> {
  expect((await api(url(), 'POST', '/api/flows', def)).status).toBe(201);
  expect((await api(url(), 'POST', `/api/flows/${def.id}/publish`, {})).status).toBe(201);
  expect((await api(url(), 'POST', `/api/flows/${def.id}/activate`, { version: 1 })).status).toBe(200);
}

/** `ms` as the browser's datetime-local value (its time zone), and that value as the instant in the address. */
const localIn = (page: Page, ms: number) =>
  page.evaluate((t) => {
    const d = new Date(t);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, ms);
const isoIn = (page: Page, local: string) => page.evaluate((s) => new Date(s).toISOString(), local);

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
  await deploy({
    ...flow('timesheets', { hook: n.webhook('timesheets-in'), m: n.map('$') }, ['hook>m']),
    name: 'Timesheets to payroll',
    settings: { businessProcess: 'Project delivery', criticality: 'high', owner: 'HR systems' },
  });
  for (let i = 0; i < 6; i++) expect((await api(url(), 'POST', '/hooks/invoices-in', { i })).status).toBeLessThan(300);
  for (let i = 0; i < 2; i++) await api(url(), 'POST', '/hooks/dunning-in', { i });
  for (let i = 0; i < 3; i++) await api(url(), 'POST', '/hooks/timesheets-in', { i });
  await eventually(
    async () =>
      (await liveRuns('invoices', 'succeeded')) === 6 &&
      (await liveRuns('dunning', 'failed')) === 2 &&
      (await liveRuns('timesheets', 'succeeded')) === 3,
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
      // The README's picture: the page down to the table's end.
      const end = await table.boundingBox();
      if (!end) throw new Error('the dashboard table has no box');
      await page.screenshot({
        path: join(artifacts, 'dashboard-overview-readme.png'),
        clip: { x: 0, y: 0, width: 1600, height: Math.ceil(end.y + end.height + 24) },
      });

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

  it('shows a custom range: checked in the form, kept in the address, its numbers opening the runs of that span', async () => {
    await inPage(session.browser, 'dashboard-custom', async (page) => {
      await page.goto(`${url()}/dashboard`);
      const table = page.getByRole('table');
      const dunning = table.getByRole('row', { name: /Dunning letters/ });
      await dunning.getByRole('link', { name: '2 failed' }).waitFor();
      await page.getByRole('button', { name: 'Custom' }).click();
      const form = page.getByRole('form', { name: 'Custom time range' });
      const from = form.getByLabel('From');
      const to = form.getByLabel('To');

      // A range that ends before it starts is refused in the form, and the address keeps the last 24 hours.
      const now = Date.now();
      await from.fill(await localIn(page, now));
      await to.fill(await localIn(page, now - 3_600_000));
      await form.getByRole('button', { name: 'Show' }).click();
      await form.getByRole('alert').getByText('The end must be after the start.').waitFor();
      expect(await to.getAttribute('aria-invalid')).toBe('true');
      await shot(page, 'dashboard-05-custom-refused');
      expect(new URL(page.url()).searchParams.get('range')).toBeNull();

      // Two days ago: nothing ran.
      await from.fill(await localIn(page, now - 3 * 86_400_000));
      await to.fill(await localIn(page, now - 2 * 86_400_000));
      await form.getByRole('button', { name: 'Show' }).click();
      await dunning.getByRole('link', { name: '0 failed' }).waitFor();
      await table
        .getByRole('row', { name: /Invoices to ERP/ })
        .getByRole('link', { name: '0 succeeded' })
        .waitFor();

      // The last two hours: the failed runs of the set-up, and the address says which span it is.
      const fromLocal = await localIn(page, now - 2 * 3_600_000);
      const toLocal = await localIn(page, now + 10 * 60_000);
      await from.fill(fromLocal);
      await to.fill(toLocal);
      await form.getByRole('button', { name: 'Show' }).click();
      await dunning.getByRole('link', { name: '2 failed' }).waitFor();
      const address = new URL(page.url()).searchParams;
      expect(address.get('range')).toBe('custom');
      expect(address.get('from')).toBe(await isoIn(page, fromLocal));
      expect(address.get('to')).toBe(await isoIn(page, toLocal));
      await shot(page, 'dashboard-04-custom');

      // The link reproduces the view, and the flow's page keeps the span.
      await page.reload();
      await dunning.getByRole('link', { name: '2 failed' }).waitFor();
      expect(await form.getByLabel('From').inputValue()).toBe(fromLocal);
      expect(await form.getByLabel('To').inputValue()).toBe(toLocal);
      const flowPage = new URL(
        (await dunning.getByRole('link', { name: 'Dunning letters' }).getAttribute('href')) ?? '',
        url(),
      );
      expect(flowPage.searchParams.get('from')).toBe(address.get('from'));
      expect(flowPage.searchParams.get('to')).toBe(address.get('to'));

      await dunning.getByRole('link', { name: '2 failed' }).click();
      await page.waitForURL(/\/runs\?/);
      const runs = new URL(page.url()).searchParams;
      expect(runs.get('from')).toBe(fromLocal);
      expect(runs.get('to')).toBe(toLocal);
      expect(runs.get('status')).toBe('failed');
      await expect.poll(() => page.locator('tbody tr').count()).toBe(2);

      // The flow's page over the same span, with the form showing it.
      await page.goto(flowPage.href);
      await page.getByRole('heading', { name: /Dunning letters/ }).waitFor();
      await page.getByRole('link', { name: '2 failed', exact: true }).waitFor();
      expect(await page.getByRole('form', { name: 'Custom time range' }).getByLabel('From').inputValue()).toBe(
        fromLocal,
      );
      await shot(page, 'dashboard-06-flow-custom');
    });
  });
});
