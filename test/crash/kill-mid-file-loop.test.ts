import { afterAll, describe, expect, it } from 'vitest';
import { activateFlow, api } from '../support/runtime-process.ts';
import { CrashTarget } from '../support/crash-target.ts';
import { startIdempotentStub, type IdempotentStub } from '../support/idempotent-stub.ts';
import { eventually, until } from '../support/poll.ts';

const ROWS = 400;
const BATCH = 10;
const KILL_AFTER = 12;

/** A CSV posted to a webhook, parsed to a JSON Lines file, and a loop posting each batch of its rows. */
function flowFor(stubUrl: string) {
  return {
    id: 'file-loop-crash',
    name: 'File loop crash',
    schemaVersion: 1,
    nodes: [
      { id: 'in', type: 'trigger.webhook', config: { path: 'file-loop-crash', respond: 'immediately' } },
      {
        id: 'parse',
        type: 'csv.parse',
        config: { input: 'csv', output: 'file', columns: [{ name: 'id', type: 'integer', required: true }] },
      },
      { id: 'loop', type: 'control.loop', config: { items: '=file', batchSize: BATCH, concurrency: 2 } },
      {
        id: 'create',
        type: 'connector.http',
        parentId: 'loop',
        config: {
          method: 'POST',
          url: `${stubUrl}/batches`,
          body: '={ "ids": [items.id] }',
          retry: { maxAttempts: 5 },
        },
      },
      { id: 'ids', type: 'map.jsonata', config: { expression: '[results.request.ids]' } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'parse' },
      { id: 'e2', source: 'parse', target: 'loop' },
      { id: 'e3', source: 'loop', target: 'ids' },
    ],
    settings: {},
  };
}

describe('kill -9 in the middle of a loop over a file', () => {
  let stub: IdempotentStub | undefined;
  let target: CrashTarget | undefined;
  afterAll(async () => {
    await target?.close();
    await stub?.close();
  });

  it('reads the file the killed process wrote and goes on from where the loop was: every row sent once', async () => {
    stub = await startIdempotentStub({ delayMs: 20 });
    target = await CrashTarget.start('file-loop-crash');
    const t = target;
    await activateFlow(t.url, flowFor(stub.url));
    const lines = ['id', ...Array.from({ length: ROWS }, (_, i) => (i % 100 === 99 ? 'bad' : String(i + 1)))];
    const good = Array.from({ length: ROWS }, (_, i) => i + 1).filter((_, i) => i % 100 !== 99);
    const res = await fetch(`${t.url}/hooks/file-loop-crash`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ csv: lines.join('\n') }),
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };

    const s = stub;
    await until(() => s.created.size >= KILL_AFTER || null, `${KILL_AFTER} batches created before the kill`, 30_000);
    await t.kill();
    const before = s.created.size;
    const batches = Math.ceil(good.length / BATCH);
    expect(before).toBeLessThan(batches);

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
    console.log(`file loop crash test: ${before} of ${batches} batches before kill -9`);
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((x) => x.nodeId === 'parse')?.output).toMatchObject({ count: good.length, rejected: 4 });
    // The batches' rows in item order: each good row once, read after the restart from the file written before it.
    expect(run.steps.find((x) => x.nodeId === 'ids')?.output).toEqual(good);
    expect([...s.created.keys()].sort()).toEqual(
      Array.from({ length: batches }, (_, b) => `${runId}:create:${b * BATCH}`).sort(),
    );
    expect([...s.created.values()].every((n) => n === 1)).toBe(true);
  }, 180_000);
});
