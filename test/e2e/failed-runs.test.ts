import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { HttpStub } from '../support/http-stub.ts';
import { flow, n } from '../support/flows.ts';
import { shot } from './browser.ts';
import { inPage, startSession, type Session } from './session.ts';

let session: Session;
let erp: HttpStub;
const runtime = {
  get url() {
    return session.runtime.url;
  },
};

interface RunState {
  status: string;
  replayOf: string | null;
  actions: { action: string; note: string | null; detail: Record<string, unknown> | null }[];
}

beforeAll(async () => {
  erp = await HttpStub.start();
  erp.respond('/orders', { status: 201, body: { ok: true } });
  erp.respond('/missing', { status: 404, body: { error: { message: 'no such endpoint' } } });
  erp.respond('/down', { status: 503 });
  session = await startSession('failed-runs');
  // The order names the ERP path it is sent to, so a patched or edited input can fix a failing run.
  // A retry waits a minute, so a run answered 503 stays running long enough to be cancelled.
  const orders = flow(
    'orders',
    {
      hook: n.webhook('orders-in', { respond: 'immediately' }),
      send: n.http(`="${erp.url}/" & path`, { retry: { maxAttempts: 3, initialDelayMs: 60_000 } }),
    },
    ['hook>send'],
  );
  expect((await api(runtime.url, 'POST', '/api/flows', { ...orders, name: 'Orders to ERP' })).status).toBe(201);
  expect((await api(runtime.url, 'POST', '/api/flows/orders/publish', {})).status).toBe(201);
  expect((await api(runtime.url, 'POST', '/api/flows/orders/activate', { version: 1 })).status).toBe(200);
}, 240_000);

afterAll(async () => {
  await session?.close();
  await erp?.close();
});

const run = (id: string) => api<RunState>(runtime.url, 'GET', `/api/runs/${id}`).then((r) => r.body);
const statusOf = (id: string) => run(id).then((r) => r.status);

/** Posts an order to the flow's webhook and waits until its run is no longer just starting. */
async function order(no: number, path: string, until = 'failed'): Promise<string> {
  const res = await api<{ runId: string }>(runtime.url, 'POST', '/hooks/orders-in', { path, no, customer: 'ACME' });
  expect(res.status).toBe(202);
  const id = res.body.runId;
  if (until === 'retrying') {
    await expect
      .poll(
        () =>
          api<{ steps: { nodeId: string; status: string }[] }>(runtime.url, 'GET', `/api/runs/${id}`).then(
            (r) => r.body.steps.find((s) => s.nodeId === 'send')?.status,
          ),
        { timeout: 10_000 },
      )
      .toBe('retrying');
  } else {
    await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe(until);
  }
  return id;
}

const sentTo = (path: string, no: number) => erp.calls(path).filter((c) => JSON.parse(c.body).no === no);
const headStatus = (page: Page) => page.locator('.page-head .badge').first().textContent();

describe('failed runs, end to end in Chromium', () => {
  it('groups failed runs and retries the whole group with a merge patch', async () => {
    const ids = [await order(1, 'missing'), await order(2, 'missing'), await order(3, 'missing')];

    await inPage(session.browser, 'failed-runs', async (page) => {
      await page.goto(runtime.url + '/runs');
      await expect.poll(() => page.getByRole('link', { name: /^Failed runs/ }).textContent()).toBe('Failed runs 3');
      await page.getByRole('link', { name: /^Failed runs/ }).click();
      const row = page.getByRole('row').filter({ hasText: 'Orders to ERP' });
      await expect.poll(() => row.getByRole('cell').nth(3).textContent()).toBe('3');
      expect(await row.textContent()).toContain('http_client_error');
      expect(await row.textContent()).toContain('no such endpoint');
      await shot(page, '14-failed-runs');

      await row.getByRole('button', { name: 'Retry all with a patch…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Retry 3 runs with a patch' });
      const patch = dialog.getByRole('textbox', { name: "JSON Merge Patch applied to each failed step's input" });
      await patch.fill('{"path": ');
      await dialog.getByRole('alert').filter({ hasText: 'Not valid JSON' }).waitFor();
      await patch.fill('{"path": "orders"}');
      expect(await dialog.getByRole('alert').count()).toBe(0);
      await dialog.getByRole('textbox', { name: 'Note' }).fill('ERP endpoint renamed');
      await dialog.getByRole('button', { name: 'Retry 3 runs' }).click();

      const result = page.getByRole('status', { name: 'Result of the last action' });
      await expect.poll(() => result.textContent()).toContain('Retried 3 of 3 runs.');
      for (const id of ids) await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('succeeded');
      await page.getByText('No failed runs', { exact: true }).waitFor({ timeout: 10_000 });
    });

    for (const no of [1, 2, 3]) {
      expect(sentTo('/orders', no)).toHaveLength(1);
      expect(sentTo('/orders', no)[0].idempotencyKey).toBe(sentTo('/missing', no)[0].idempotencyKey);
    }
    expect((await run(ids[0])).actions).toEqual([
      expect.objectContaining({
        action: 'retry',
        note: 'ERP endpoint renamed',
        detail: { nodeId: 'send', input: { path: 'orders', no: 1, customer: 'ACME' } },
      }),
    ]);
  }, 120_000);

  it('retries one run with an edited input, replays it, discards another and cancels a third', async () => {
    const edited = await order(4, 'missing');
    const discarded = await order(5, 'missing');
    const stuck = await order(6, 'down', 'retrying');

    await inPage(session.browser, 'run-actions', async (page) => {
      // Retry with an edited input: the failed step's input is offered as JSON.
      await page.goto(`${runtime.url}/runs/${edited}`);
      await page.getByRole('button', { name: 'Retry with edited input…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Retry with edited input' });
      const input = dialog.getByRole('textbox', { name: 'Input of step send' });
      expect(JSON.parse(await input.inputValue())).toEqual({ path: 'missing', no: 4, customer: 'ACME' });
      await input.fill(JSON.stringify({ path: 'orders', no: 4, customer: 'ACME Ltd' }, null, 2));
      await dialog.getByRole('textbox', { name: 'Note' }).fill('customer renamed');
      await dialog.getByRole('button', { name: 'Retry with this input' }).click();
      await expect.poll(() => headStatus(page), { timeout: 10_000 }).toBe('Succeeded');
      const log = page.getByRole('region', { name: 'Operator actions' });
      await expect.poll(() => log.textContent()).toContain('Retried step send with an edited input');
      expect(await log.textContent()).toContain('Note: customer renamed');
      await log.getByRole('tree', { name: 'Edited input of step send' }).waitFor();

      // Replay it from its trigger: a new run, linked to the original.
      await page.getByRole('button', { name: 'Replay from trigger' }).click();
      await page
        .getByRole('dialog', { name: 'Replay from trigger' })
        .getByRole('button', { name: 'Replay run' })
        .click();
      await page.waitForURL((url) => !url.pathname.endsWith(edited));
      await page.getByText(/^Replay of run /).waitFor();
      const replay = decodeURIComponent(page.url().split('/runs/')[1]);
      expect((await run(replay)).replayOf).toBe(edited);
      await expect.poll(() => statusOf(replay), { timeout: 10_000 }).toBe('failed');
      await expect.poll(() => headStatus(page)).toBe('Failed');

      // Discard needs a reason.
      await page.goto(`${runtime.url}/runs/${discarded}`);
      await page.getByRole('button', { name: 'Discard…' }).click();
      const discard = page.getByRole('dialog', { name: 'Discard this run?' });
      await discard.getByRole('button', { name: 'Discard run' }).click();
      await discard.getByRole('alert').filter({ hasText: 'Give a reason.' }).waitFor();
      await discard.getByRole('textbox', { name: 'Reason' }).fill('Duplicate of order 4, handled by hand');
      await discard.getByRole('button', { name: 'Discard run' }).click();
      await expect.poll(() => headStatus(page), { timeout: 10_000 }).toBe('Discarded');
      const discardLog = page.getByRole('region', { name: 'Operator actions' });
      await expect.poll(() => discardLog.textContent()).toContain('Reason: Duplicate of order 4, handled by hand');
      expect(await page.getByRole('button', { name: 'Retry from failed step' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Dismiss message' }).click();
      await shot(page, '15-run-actions');

      // A run waiting for a retry is cancelled with a reason.
      await page.goto(`${runtime.url}/runs/${stuck}`);
      await page.getByRole('button', { name: 'Cancel run…' }).click();
      const cancel = page.getByRole('dialog', { name: 'Cancel this run?' });
      await cancel.getByRole('textbox', { name: 'Reason' }).fill('customer withdrew the order');
      await cancel.getByRole('button', { name: 'Cancel run' }).click();
      await expect.poll(() => headStatus(page), { timeout: 10_000 }).toBe('Cancelled');
    });

    expect(sentTo('/orders', 4).map((c) => JSON.parse(c.body).customer)).toEqual(['ACME Ltd']);
    expect(await statusOf(discarded)).toBe('discarded');
    expect((await run(discarded)).actions).toEqual([
      expect.objectContaining({ action: 'discard', note: 'Duplicate of order 4, handled by hand' }),
    ]);
    expect(await statusOf(stuck)).toBe('cancelled');
    expect(sentTo('/down', 6)).toHaveLength(1);
  }, 120_000);
});
