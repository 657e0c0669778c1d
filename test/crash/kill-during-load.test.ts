import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { api } from '../support/runtime-process.ts';
import { CrashTarget } from '../support/crash-target.ts';
import { startIdempotentStub, type IdempotentStub } from '../support/idempotent-stub.ts';

const TOTAL = 200;
const KILL_AFTER = 80;
const CONCURRENCY = 20;

function flowFor(stubUrl: string) {
  const def = JSON.parse(readFileSync(new URL('../fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8'));
  def.nodes.find((n: { id: string }) => n.id === 'trigger').config.respond = 'immediately';
  def.nodes.find((n: { id: string }) => n.id === 'erp').config.url = `${stubUrl}/projects`;
  return def;
}

function event(i: number) {
  return {
    opportunity: { id: `OPP-${i}`, currency: 'EUR', account: { id: 'ACC-1' }, lines: [{ qty: 2, rate: 100 + i }] },
  };
}

/** Sends event i; the caller's own Idempotency-Key makes a resend after a lost answer safe. */
async function send(url: string, i: number): Promise<string | null> {
  try {
    const res = await fetch(`${url}/hooks/opportunity-won`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `evt-${i}` },
      body: JSON.stringify(event(i)),
    });
    if (res.status !== 202) return null;
    return ((await res.json()) as { runId: string }).runId;
  } catch {
    return null;
  }
}

describe('kill -9 during load', () => {
  let stub: IdempotentStub | undefined;
  let target: CrashTarget | undefined;
  afterAll(async () => {
    await target?.close();
    await stub?.close();
  });

  it('finishes every accepted run after a restart, and no key creates two records', async () => {
    stub = await startIdempotentStub({ delayMs: 15 });
    target = await CrashTarget.start('crash');
    const t = target;
    const def = flowFor(stub.url);
    expect((await api(t.url, 'POST', '/api/flows', def)).status).toBe(201);
    const pub = await api<{ version: number }>(t.url, 'POST', `/api/flows/${def.id}/publish`, {});
    expect(pub.status).toBe(201);
    expect((await api(t.url, 'POST', `/api/flows/${def.id}/activate`, { version: pub.body.version })).status).toBe(200);

    // Phase 1: load, and kill -9 once enough runs were accepted.
    const accepted = new Map<number, string>();
    let next = 0;
    let killed: Promise<void> | null = null;
    const url = t.url;
    const worker = async () => {
      while (next < TOTAL && !killed) {
        const i = next++;
        const runId = await send(url, i);
        if (runId) accepted.set(i, runId);
        if (accepted.size >= KILL_AFTER && !killed) killed = t.kill();
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killed;
    const acceptedBeforeKill = accepted.size;
    const stubCallsBeforeKill = [...stub.received.values()].reduce((a, b) => a + b, 0);

    // Phase 2: restart on the same data folder; resend everything not acknowledged.
    const rt = await t.restart();
    for (let i = 0; i < TOTAL; i++) {
      if (accepted.has(i)) continue;
      const runId = await send(rt.url, i);
      if (!runId) throw new Error(`event ${i} was not accepted after the restart:\n${rt.output()}`);
      accepted.set(i, runId);
    }

    // Every accepted run finishes (bounded wait).
    const deadline = Date.now() + 60_000;
    const pending = new Set(accepted.values());
    while (pending.size && Date.now() < deadline) {
      for (const id of [...pending]) {
        const r = await api<{ status: string }>(rt.url, 'GET', `/api/runs/${id}`);
        expect(r.status, `run ${id} must exist after the restart`).toBe(200);
        if (r.body.status === 'succeeded') pending.delete(id);
        else expect(r.body.status, `run ${id}`).toBe('running');
      }
      if (pending.size) await new Promise((r) => setTimeout(r, 100));
    }
    expect([...pending], 'runs still unfinished after 60 s').toEqual([]);

    const runIds = new Set(accepted.values());
    const created = [...stub.created.values()];
    console.log(
      `crash test: ${acceptedBeforeKill} runs accepted before kill -9, ${stubCallsBeforeKill} stub calls before it; ${runIds.size} distinct runs, ${created.length} records, ${[...stub.received.values()].filter((n) => n > 1).length} keys delivered more than once`,
    );
    expect(runIds.size).toBe(TOTAL);
    expect(stub.missingKey).toBe(0);
    expect(created.length).toBe(TOTAL);
    expect(created.every((n) => n === 1)).toBe(true);
  }, 180_000);
});
