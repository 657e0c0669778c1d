import { describe, it, expect, afterAll } from 'vitest';
import { activateFlow, api } from '../support/runtime-process.ts';
import { CrashTarget } from '../support/crash-target.ts';
import { startIdempotentStub, type IdempotentStub } from '../support/idempotent-stub.ts';
import { eventually, until } from '../support/poll.ts';

const ITEMS = 60;
const CONCURRENCY = 4;
const KILL_AFTER = 20;

/** One run posting one record per workstream through a loop: the body is an HTTP call per item. */
function flowFor(stubUrl: string) {
  return {
    id: 'loop-crash',
    name: 'Loop crash',
    schemaVersion: 1,
    nodes: [
      { id: 'in', type: 'trigger.webhook', config: { path: 'loop-crash', respond: 'immediately' } },
      {
        id: 'loop',
        type: 'control.loop',
        config: { items: '=workstreams', concurrency: CONCURRENCY, itemKey: 'code' },
      },
      {
        id: 'create',
        type: 'connector.http',
        parentId: 'loop',
        config: { method: 'POST', url: `${stubUrl}/projects`, body: '=item', retry: { maxAttempts: 5 } },
      },
      { id: 'count', type: 'map.jsonata', config: { expression: '$count(results)' } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'loop' },
      { id: 'e2', source: 'loop', target: 'count' },
    ],
    settings: {},
  };
}

describe('kill -9 in the middle of a loop', () => {
  let stub: IdempotentStub | undefined;
  let target: CrashTarget | undefined;
  afterAll(async () => {
    await target?.close();
    await stub?.close();
  });

  it('resumes after a restart without repeating finished items: one record per key', async () => {
    stub = await startIdempotentStub({ delayMs: 20 });
    target = await CrashTarget.start('loop-crash');
    const t = target;
    await activateFlow(t.url, flowFor(stub.url));
    const workstreams = Array.from({ length: ITEMS }, (_, i) => ({ code: `WS-${i}` }));
    const res = await fetch(`${t.url}/hooks/loop-crash`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workstreams }),
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };

    const s = stub;
    await until(() => s.created.size >= KILL_AFTER || null, `${KILL_AFTER} records created before the kill`, 30_000);
    await t.kill();
    const createdBeforeKill = s.created.size;
    expect(createdBeforeKill).toBeLessThan(ITEMS);

    const { url: base } = await t.restart();
    // The restarted process is asked every 50 ms, leaving it the cores for the run it resumes.
    const run = await eventually(
      async () => {
        const r = await api<{ status: string; steps: { nodeId: string; output: unknown }[] }>(
          base,
          'GET',
          `/api/runs/${runId}`,
        );
        return r.body.status === 'running' ? null : r.body;
      },
      `run ${runId} to finish after the restart`,
      60_000,
    );
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((x) => x.nodeId === 'count')?.output).toBe(ITEMS);

    const repeated = [...s.received.entries()].filter(([, n]) => n > 1).map(([k]) => k);
    console.log(
      `loop crash test: ${createdBeforeKill} of ${ITEMS} records before kill -9; keys sent more than once: ${repeated.length}`,
    );
    expect(s.missingKey).toBe(0);
    expect([...s.created.keys()].sort()).toEqual(workstreams.map((w) => `${runId}:create:${w.code}`).sort());
    expect([...s.created.values()].every((n) => n === 1)).toBe(true);
    // Only the items in flight at the kill can be sent again (with their key); finished items are not.
    expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY);
  }, 180_000);
});
