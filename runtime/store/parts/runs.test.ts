import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDialects as dialects, type Opened as OpenedDb } from '../../../test/support/store-dialects.ts';
import type { Sql } from '../sql.ts';

type Opened = OpenedDb<Sql>;
import type { NewRun, NewStep } from '../run-store.ts';
import { SqlRunStore } from './runs.ts';
import { SqlLeaseStore } from './leases.ts';
import { SqlRunQueries } from './run-queries.ts';
import { newRun } from '../../../test/support/new-run.ts';

const T0 = Date.UTC(2026, 2, 1);

const run = (id: string, o: Partial<NewRun> = {}): NewRun =>
  newRun(id, T0, { trigger: JSON.stringify({ body: null, headers: { 'x-note': 'Größe "ACME"' } }), ...o });

const step = (runId: string, nodeId: string, o: Partial<NewStep> = {}): NewStep => ({
  runId,
  nodeId,
  status: 'succeeded',
  port: 'out',
  attempts: 1,
  output: '{"ok":true}',
  startedAt: T0,
  finishedAt: T0,
  ...o,
});

for (const d of dialects)
  describe.skipIf(d.skip)(`runs, leases and run history on ${d.name}`, () => {
    let opened: Opened;
    let runs: SqlRunStore;
    let leases: SqlLeaseStore;
    let queries: SqlRunQueries;

    beforeAll(async () => {
      opened = await d.open();
      runs = new SqlRunStore(opened.sql);
      leases = new SqlLeaseStore(opened.sql);
      queries = new SqlRunQueries(opened.sql);
    });
    afterAll(() => opened.close());

    it('keeps a run and its steps; an upsert replaces a step; the end writes the error code and node', async () => {
      await runs.insertRun(run('run_a', { triggerBody: Buffer.from('{"ref":"ACME-1042"}') }));
      await runs.upsertStep(step('run_a', 'in'));
      await runs.upsertStep(step('run_a', 'call', { status: 'retrying', attempts: 1, nextAttemptAt: T0 + 10 }));
      await runs.upsertStep(step('run_a', 'call', { status: 'retrying', attempts: 2, nextAttemptAt: T0 + 20 }));
      const row = await runs.run('run_a');
      expect(row).toMatchObject({ id: 'run_a', status: 'running', version: 1, createdAt: T0, errorCode: null });
      expect(row?.triggerBody?.toString('utf8')).toBe('{"ref":"ACME-1042"}');
      const stored = Object.fromEntries((await runs.steps('run_a')).map((s) => [s.nodeId, s]));
      expect(stored.call).toMatchObject({ status: 'retrying', attempts: 2, nextAttemptAt: T0 + 20, input: null });

      expect(await runs.dueRetries(T0 + 19)).toEqual([]);
      expect(await runs.nextDueAt(T0 + 19)).toBe(T0 + 20);
      expect(await runs.dueRetries(T0 + 20)).toEqual([{ runId: 'run_a', nodeId: 'call' }]);
      expect(await runs.nextDueAt(T0 + 20)).toBeNull();

      const error = JSON.stringify({ code: 'http_503', nodeId: 'call', message: 'down' });
      await runs.failRetryingSteps('run_a', error, T0 + 30);
      await runs.finishRun('run_a', 'failed', error, null, T0 + 30);
      expect(await runs.run('run_a')).toMatchObject({
        status: 'failed',
        errorCode: 'http_503',
        errorNodeId: 'call',
        finishedAt: T0 + 30,
      });
      expect((await runs.steps('run_a')).find((s) => s.nodeId === 'call')).toMatchObject({
        status: 'failed',
        nextAttemptAt: null,
      });
      await runs.reopenRun('run_a', T0 + 40);
      expect(await runs.run('run_a')).toMatchObject({ status: 'running', errorCode: null, finishedAt: null });
      await runs.setStatus('run_a', 'waiting_approval', T0 + 41);
      await runs.setResponse('run_a', '{"status":202}', T0 + 42);
      expect(await runs.run('run_a')).toMatchObject({ status: 'waiting_approval', response: '{"status":202}' });
      expect((await runs.runsWithStatus('waiting_approval')).map((r) => r.id)).toEqual(['run_a']);
    });

    it('gives a dedupe key to one run, keeps a payload once, and records actions in order', async () => {
      await runs.insertRun(run('run_b'));
      expect(await runs.dedupeHolder('orders', 'O-1')).toBeNull();
      expect(await runs.claimDedupe('orders', 'O-1', 'run_b', T0)).toBeNull();
      expect(await runs.dedupeHolder('orders', 'O-1')).toBe('run_b');
      expect(await runs.claimDedupe('orders', 'O-1', 'run_a', T0), 'the key stays with its holder').toBe('run_b');
      expect(await runs.dedupeHolder('orders', 'O-1')).toBe('run_b');

      await runs.insertPayload('run_b', 'h1', '{"big":1}');
      await runs.insertPayload('run_b', 'h1', '{"big":1}');
      expect(await runs.payloads('run_b')).toEqual(new Map([['h1', '{"big":1}']]));
      expect(await runs.payloads('run_a')).toEqual(new Map());

      await runs.addAction('run_b', T0 + 1, 'retry', 'first', { nodeId: 'call' });
      await runs.addAction('run_b', T0 + 2, 'cancel', null, undefined);
      expect(await runs.actions('run_b')).toEqual([
        { at: T0 + 1, action: 'retry', note: 'first', detail: '{"nodeId":"call"}' },
        { at: T0 + 2, action: 'cancel', note: null, detail: null },
      ]);
    });

    it('counts a restart only against a step that was not held, and holds it until released', async () => {
      await runs.insertRun(run('run_c'));
      expect(await runs.countRestart('run_c', 'x')).toBe(1);
      expect(await runs.countRestart('run_c', 'x'), 'held by the last restart').toBe(1);
      await runs.releaseSteps('run_c', ['x']);
      expect(await runs.countRestart('run_c', 'x')).toBe(2);
      await runs.holdSteps('run_c', ['y', 'z', 'y']);
      expect(await runs.countRestart('run_c', 'y'), 'held: not counted').toBe(0);
      await runs.releaseSteps('run_c', ['x', 'y', 'z']);
      expect(await runs.countRestart('run_c', 'y')).toBe(1);
      expect(await runs.countRestart('run_c', 'z')).toBe(1);
      await runs.holdSteps('run_c', []);
      await runs.releaseSteps('run_c', []);
    });

    it('lets a run be claimed only while no live worker holds it', async () => {
      await leases.register({ id: 'w1', host: 'h', pid: 1, startedAt: T0, expiresAt: T0 + 1000 });
      await leases.register({ id: 'w2', host: 'h', pid: 2, startedAt: T0 + 1, expiresAt: T0 + 1000 });
      await runs.insertRun(run('run_d'));
      expect(await leases.orphans(T0)).toEqual(expect.arrayContaining(['run_d']));
      expect(await leases.claim('run_d', 'w1', T0)).toBe(true);
      expect(await leases.claim('run_d', 'w2', T0), 'w1 is alive').toBe(false);
      expect(await leases.owner('run_d')).toBe('w1');
      expect((await leases.held()).get('w1')).toBe(1);
      expect(await leases.orphans(T0)).not.toContain('run_d');
      expect(await leases.renew('w1', T0 + 2000, T0 + 500)).toBe(true);
      expect(await leases.claim('run_d', 'w2', T0 + 1500), 'w1 renewed').toBe(false);
      expect(await leases.claim('run_d', 'w2', T0 + 2500), 'w1 expired').toBe(true);
      expect(await leases.renew('w1', T0 + 4000, T0 + 3000), 'w1 lapsed: its runs may be gone').toBe(false);
      await leases.remove('w1');
      expect(await leases.renew('w1', T0 + 3000, T0 + 500)).toBe(false);
      expect((await leases.workers()).map((w) => w.id)).toEqual(['w2']);
    });

    it('takes over only a run still executing: one ended since it was listed stays ended, with its owner', async () => {
      await leases.register({ id: 'w1', host: 'h', pid: 1, startedAt: T0, expiresAt: T0 + 1000 });
      await runs.insertRun(run('run_e', { trigger: '{}' }));
      await runs.insertRun(run('run_f', { trigger: '{}' }));
      expect(await leases.orphans(T0)).toEqual(expect.arrayContaining(['run_e', 'run_f']));
      // Another worker took run_e over and finished it after the list was read.
      await runs.finishRun('run_e', 'succeeded', null, null, T0 + 10);
      expect(await leases.adopt('run_e', 'w1', T0 + 20), 'run_e has ended').toBe(false);
      expect(await leases.owner('run_e')).toBeNull();
      expect(await leases.adopt('run_f', 'w1', T0 + 20)).toBe(true);
      expect(await leases.owner('run_f')).toBe('w1');
      await leases.register({ id: 'w2', host: 'h', pid: 2, startedAt: T0, expiresAt: T0 + 1000 });
      expect(await leases.adopt('run_f', 'w2', T0 + 30), 'w1 is alive').toBe(false);
      await leases.remove('w1');
    });

    it('lists runs by filter and text (ignoring case), with attempts and duration; groups the failed ones', async () => {
      await runs.insertRun(run('run_q1', { correlationId: 'Corr-77', triggerBody: Buffer.from('{"note":"Größe"}') }));
      await runs.upsertStep(step('run_q1', 'in'));
      await runs.upsertStep(step('run_q1', 'm', { attempts: 3 }));
      await runs.finishRun('run_q1', 'succeeded', null, null, T0 + 1234);
      for (const [id, node, at] of [
        ['run_q2', 'post', 1],
        ['run_q3', 'post', 2],
        ['run_q4', null, 3],
      ] as const) {
        await runs.insertRun(run(id, { flowId: 'billing', createdAt: T0 + at }));
        const error = { code: node ? 'http_503' : 'run_timeout', message: `failure ${at}`, nodeId: node ?? undefined };
        await runs.finishRun(id, 'failed', JSON.stringify(error), null, T0 + 10);
      }

      const [q1] = await queries.list({ q: 'corr-77', limit: 10 });
      expect(q1).toMatchObject({ id: 'run_q1', attempts: 4, durationMs: 1234, triggerBody: null });
      // Every run's trigger holds "ACME" in quotes, stored JSON-escaped.
      expect((await queries.list({ q: '"acme"', limit: 20 })).length, 'JSON-escaped text in the trigger').toBe(8);
      expect(
        (await queries.list({ q: 'ref":"acme-1042', limit: 20 })).map((r) => r.id),
        'the raw body',
      ).toEqual(['run_a']);
      expect((await queries.list({ q: 'GRÖSSE', limit: 10 })).map((r) => r.id)).toEqual([]);
      expect((await queries.list({ q: 'Größe', limit: 10 })).map((r) => r.id)).toContain('run_q1');
      expect(
        (await queries.list({ q: '%', limit: 10 })).map((r) => r.id),
        'wildcards match literally',
      ).toEqual([]);
      expect((await queries.list({ flowId: 'billing', errorCode: 'http_503', limit: 10 })).map((r) => r.id)).toEqual([
        'run_q3',
        'run_q2',
      ]);
      expect((await queries.list({ nodeId: 'post', limit: 1 })).map((r) => r.id)).toEqual(['run_q3']);
      expect((await queries.list({ status: 'running', limit: 10 }))[0]?.durationMs).toBeNull();

      expect(await queries.failedGroups({ flowId: 'billing' })).toEqual([
        {
          flowId: 'billing',
          nodeId: 'post',
          errorCode: 'http_503',
          count: 2,
          firstAt: T0 + 1,
          lastAt: T0 + 2,
          message: 'failure 2',
        },
        {
          flowId: 'billing',
          nodeId: null,
          errorCode: 'run_timeout',
          count: 1,
          firstAt: T0 + 3,
          lastAt: T0 + 3,
          message: 'failure 3',
        },
      ]);
      expect(await queries.failedRunIds({ flowId: 'billing', nodeId: 'post' }, 10)).toEqual(['run_q2', 'run_q3']);
      expect(await queries.failedRunIds({ flowId: 'billing' }, 1)).toEqual(['run_q2']);
    });
  });
