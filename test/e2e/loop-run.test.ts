import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { api } from '../support/runtime-process.ts';
import { HttpStub } from '../support/http-stub.ts';
import { flow, n } from '../support/flows.ts';
import { watchErrors } from './browser.ts';
import { inPage, signInCookie, startSession, type Session } from './session.ts';

const SHOTS = '/tmp/looprun-shots';
let session: Session;
let billing: HttpStub;
const url = () => session.runtime.url;

interface RunState {
  status: string;
  loops?: { nodeId: string; total: number; done: number; running: number; failed: { index: number }[] }[];
  steps: { nodeId: string; output: unknown }[];
  actions: { action: string; note: string | null; detail: Record<string, unknown> | null }[];
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  billing = await HttpStub.start();
  session = await startSession('loop-run');
  // Each time entry is posted to its own path, so the stub can refuse one entry (and accept it the next time).
  await deployLoop('post-entries', 'entries-in', 'continue', 2);
  await deployLoop('stop-entries', 'stop-in', 'stop', 1);
}, 240_000);

/** A flow that posts each time entry of its webhook's body in a loop, then counts the ones posted. */
async function deployLoop(id: string, hook: string, onItemFailure: 'stop' | 'continue', concurrency: number) {
  const def = flow(
    id,
    {
      hook: n.webhook(hook, { respond: 'immediately' }),
      loop: {
        type: 'control.loop',
        name: 'Each time entry',
        config: { items: '=entries', concurrency, onItemFailure },
      },
      post: n.http(`="${billing.url}/entries/" & item.id`, {
        body: '={ "entry": item.id, "hours": item.hours }',
        retry: { maxAttempts: 1 },
      }),
      all: { type: 'control.aggregate', config: { dropEmpty: true } },
      count: n.map('{ "posted": $count($) }'),
    },
    ['hook>loop', 'loop>all', 'all>count'],
  );
  def.nodes.find((x) => x.id === 'post')!.parentId = 'loop';
  expect(
    (await api(url(), 'POST', '/api/flows', { ...def, name: `Post time entries (${onItemFailure})` })).status,
  ).toBe(201);
  expect((await api(url(), 'POST', `/api/flows/${id}/publish`, {})).status).toBe(201);
  expect((await api(url(), 'POST', `/api/flows/${id}/activate`, { version: 1 })).status).toBe(200);
}

afterAll(async () => {
  await session?.close();
  await billing?.close();
});

const run = (id: string) => api<RunState>(url(), 'GET', `/api/runs/${id}`).then((r) => r.body);
const entries = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i + 1}`, hours: i + 1 }));

async function post(prefix: string, count: number, hook = 'entries-in'): Promise<string> {
  const res = await api<{ runId: string }>(url(), 'POST', `/hooks/${hook}`, { entries: entries(prefix, count) });
  expect(res.status).toBe(202);
  return res.body.runId;
}

const refuse = (path: string) =>
  billing.failTimes(path, 1, { status: 422, body: { error: { message: `period closed for ${path.slice(9)}` } } });
const loopCard = (page: Page) => page.getByRole('region', { name: /^Each time entry/ });
const progress = (page: Page) => page.getByRole('status', { name: 'Progress of loop loop' }).textContent();
const headStatus = (page: Page) => page.locator('.page-head .badge').first().textContent();

describe('a loop on the run page, in Chromium', () => {
  it('shows progress and failed items while the run runs, and retries only the failed items', async () => {
    refuse('/entries/TE-3');
    refuse('/entries/TE-5');
    billing.failTimes('/entries/TE-6', 1, 'hold');
    const id = await post('TE', 6);

    await inPage(
      session.browser,
      'loop-run',
      async (page) => {
        await page.goto(`${url()}/runs/${id}`);
        // Live: the page refreshes itself while the run runs (TE-6 is held by the billing system).
        await expect.poll(() => progress(page), { timeout: 10_000 }).toBe('3 of 6 done · 1 running · 2 failed');
        expect(await headStatus(page)).toBe('Running');
        const failed = page.getByRole('table', { name: 'Failed items of loop loop' });
        const rows = failed.getByRole('row');
        await expect.poll(() => rows.count()).toBe(3);
        await expect.poll(() => rows.nth(1).textContent()).toContain('{"id":"TE-3","hours":3}');
        expect(await rows.nth(1).textContent()).toContain('#2');
        expect(await rows.nth(1).textContent()).toContain('period closed for TE-3');
        expect(await rows.nth(2).textContent()).toContain('#4');
        expect(await rows.nth(2).textContent()).toContain('{"id":"TE-5","hours":5}');
        expect(await loopCard(page).getByRole('button', { name: 'Retry failed items' }).count()).toBe(0);
        await page.screenshot({ path: `${SHOTS}/1-loop-running.png`, fullPage: true });

        expect(billing.release('/entries/TE-6', { status: 201, body: { ok: true } })).toBe(1);
        await expect.poll(() => progress(page), { timeout: 10_000 }).toBe('4 of 6 done · 2 failed');
        await expect.poll(() => headStatus(page)).toBe('Succeeded');
        await page.screenshot({ path: `${SHOTS}/2-loop-failed-items.png`, fullPage: true });

        // A failed item opens its body run.
        await rows.nth(1).getByRole('link').click();
        await page.getByText(/^Item #2 of loop loop in run/).waitFor();
        expect(await headStatus(page)).toBe('Failed');
        expect(await page.getByRole('region', { name: /^Each time entry/ }).count()).toBe(0);
        await page.screenshot({ path: `${SHOTS}/3-body-run.png`, fullPage: true });
        await page.goBack();

        await loopCard(page).getByRole('button', { name: 'Retry failed items' }).click();
        const dialog = page.getByRole('dialog', { name: 'Retry the failed items of Each time entry?' });
        await dialog.getByRole('textbox', { name: 'Note' }).fill('period reopened');
        await page.screenshot({ path: `${SHOTS}/4-retry-dialog.png` });
        await dialog.getByRole('button', { name: 'Retry 2 items' }).click();
        await expect.poll(() => progress(page), { timeout: 10_000 }).toBe('6 of 6 done');
        await expect.poll(() => headStatus(page), { timeout: 10_000 }).toBe('Succeeded');
        expect(await page.getByRole('table', { name: 'Failed items of loop loop' }).count()).toBe(0);
        const log = page.getByRole('region', { name: 'Operator actions' });
        await expect.poll(() => log.textContent()).toContain('Retried 2 failed items of loop loop');
        expect(await log.textContent()).toContain('Note: period reopened');
        await page.screenshot({ path: `${SHOTS}/5-loop-finished.png`, fullPage: true });
      },
      undefined,
      'operator',
    );

    const after = await run(id);
    expect(after.loops).toEqual([{ nodeId: 'loop', total: 6, done: 6, running: 0, failed: [] }]);
    expect(after.steps.find((s) => s.nodeId === 'count')?.output).toEqual({ posted: 6 });
    expect(after.actions).toEqual([
      expect.objectContaining({ action: 'retry', note: 'period reopened', detail: { nodeId: 'loop', failedItems: 2 } }),
    ]);
    // Each entry was accepted once; the refused ones were sent again with the same idempotency key.
    for (const [i, times] of [1, 1, 2, 1, 2, 1].entries()) {
      const keys = billing.calls(`/entries/TE-${i + 1}`).map((c) => c.idempotencyKey);
      expect(keys).toEqual(Array(times).fill(`${id}:post:${i}`));
    }
  }, 120_000);

  it('shows why the runtime refused a retry of failed items', async () => {
    refuse('/entries/XY-2');
    const id = await post('XY', 2);
    await expect.poll(() => run(id).then((r) => r.status), { timeout: 10_000 }).toBe('succeeded');

    // The refusal is the one error the page may log (the browser reports the 409 answer).
    const page = await session.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInCookie(page, url(), 'operator');
    const errors = watchErrors(page);
    try {
      await page.goto(`${url()}/runs/${id}`);
      await expect.poll(() => progress(page)).toBe('1 of 2 done · 1 failed');
      await loopCard(page).getByRole('button', { name: 'Retry failed items' }).click();
      const dialog = page.getByRole('dialog', { name: 'Retry the failed items of Each time entry?' });
      // Someone else retried them meanwhile: the runtime refuses, and the dialog says why.
      expect((await api(url(), 'POST', `/api/runs/${id}/steps/loop/retry-failed-items`, {})).status).toBe(202);
      await expect.poll(() => run(id).then((r) => r.loops?.[0].done), { timeout: 10_000 }).toBe(2);
      await dialog.getByRole('button', { name: 'Retry 1 item' }).click();
      const refusal = dialog.getByRole('alert');
      await expect.poll(() => refusal.textContent()).toMatch(/^Not done\. loop "loop" of run .* has no failed items$/);
      expect(await dialog.getByRole('button', { name: 'Retry 1 item' }).count()).toBe(1);
      await page.screenshot({ path: `${SHOTS}/6-retry-refused.png` });
      // The page learns the run's new state: every item done.
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await expect.poll(() => progress(page)).toBe('2 of 2 done');
    } catch (e) {
      await page.screenshot({ path: `${SHOTS}/failure-retry-refused.png` });
      throw new Error(`${(e as Error).message}\nbrowser errors:\n${errors.join('\n') || '(none)'}`);
    } finally {
      await page.close();
    }
    expect(errors).toEqual([expect.stringMatching(/status of 409 \(Conflict\)$/)]);
  }, 60_000);

  it('fails the run when a loop stops at a failed item; the item is read from its body run, and the retry finishes the loop', async () => {
    refuse('/entries/ST-2');
    const id = await post('ST', 4, 'stop-in');
    await expect.poll(() => run(id).then((r) => r.status), { timeout: 10_000 }).toBe('failed');

    await inPage(
      session.browser,
      'loop-run-stopped',
      async (page) => {
        await page.goto(`${url()}/runs/${id}`);
        await expect.poll(() => progress(page)).toBe('1 of 4 done · 1 failed');
        const rows = page.getByRole('table', { name: 'Failed items of loop loop' }).getByRole('row');
        // A failed loop step keeps no list: the item comes from the body run's trigger event.
        await expect.poll(() => rows.nth(1).textContent()).toContain('{"id":"ST-2","hours":2}');
        expect(await rows.nth(1).textContent()).toContain('#1');
        await page.screenshot({ path: `${SHOTS}/7-loop-stopped.png`, fullPage: true });
        await loopCard(page).getByRole('button', { name: 'Retry failed items' }).click();
        await page
          .getByRole('dialog', { name: 'Retry the failed items of Each time entry?' })
          .getByRole('button', { name: 'Retry 1 item' })
          .click();
        await expect.poll(() => progress(page), { timeout: 10_000 }).toBe('4 of 4 done');
        await expect.poll(() => headStatus(page), { timeout: 10_000 }).toBe('Succeeded');
      },
      undefined,
      'operator',
    );
    expect((await run(id)).steps.find((s) => s.nodeId === 'count')?.output).toEqual({ posted: 4 });
    for (const [i, times] of [1, 2, 1, 1].entries())
      expect(billing.calls(`/entries/ST-${i + 1}`).map((c) => c.idempotencyKey)).toEqual(
        Array(times).fill(`${id}:post:${i}`),
      );
  }, 60_000);
});
