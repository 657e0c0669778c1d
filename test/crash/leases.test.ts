import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { startIdempotentStub, type IdempotentStub } from '../support/idempotent-stub.ts';
import { bounded, eventually } from '../support/poll.ts';

const LEASE_MS = 1000;

interface WorkerView {
  id: string;
  self: boolean;
  runs: number;
  expiresAt: number;
}

function flowFor(stubUrl: string) {
  const def = JSON.parse(readFileSync(new URL('../fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8'));
  def.nodes.find((n: { id: string }) => n.id === 'trigger').config.respond = 'immediately';
  def.nodes.find((n: { id: string }) => n.id === 'erp').config.url = `${stubUrl}/projects`;
  return def;
}

async function deploy(rt: RuntimeProcess, stubUrl: string): Promise<void> {
  const def = flowFor(stubUrl);
  expect((await api(rt.url, 'POST', '/api/flows', def)).status).toBe(201);
  const pub = await api<{ version: number }>(rt.url, 'POST', `/api/flows/${def.id}/publish`, {});
  expect((await api(rt.url, 'POST', `/api/flows/${def.id}/activate`, { version: pub.body.version })).status).toBe(200);
}

async function send(url: string, i: number): Promise<string | null> {
  try {
    const res = await fetch(`${url}/hooks/opportunity-won`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `evt-${i}` },
      body: JSON.stringify({
        opportunity: { id: `OPP-${i}`, currency: 'EUR', account: { id: 'ACC-1' }, lines: [{ qty: 1, rate: 100 + i }] },
      }),
    });
    return res.status === 202 ? ((await res.json()) as { runId: string }).runId : null;
  } catch {
    return null;
  }
}

const workers = async (rt: RuntimeProcess) =>
  (await api<{ workers: WorkerView[] }>(rt.url, 'GET', '/api/workers')).body.workers;

async function allSucceeded(rt: RuntimeProcess, runIds: Iterable<string>, what: string): Promise<void> {
  const pending = new Set(runIds);
  await eventually(
    async () => {
      for (const id of [...pending]) {
        const r = await api<{ status: string }>(rt.url, 'GET', `/api/runs/${id}`);
        if (r.body.status === 'succeeded') pending.delete(id);
        else expect(r.body.status, `run ${id}`).toBe('running');
      }
      return pending.size === 0;
    },
    `${what} (${pending.size} runs not finished)`,
    30_000,
    100,
  );
}

function exited(rt: RuntimeProcess): Promise<number | null> {
  if (rt.child.exitCode !== null) return Promise.resolve(rt.child.exitCode);
  return new Promise((resolve) => rt.child.once('exit', (code) => resolve(code)));
}

describe('worker leases and graceful shutdown', () => {
  const procs: RuntimeProcess[] = [];
  let dir = '';
  let stub: IdempotentStub | undefined;
  afterEach(async () => {
    for (const p of procs.splice(0)) {
      p.child.kill('SIGCONT');
      await killHard(p);
    }
    await stub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("two workers on one database: a live worker's runs are left alone; a frozen worker's are taken over when its lease runs out", async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-leases-'));
    stub = await startIdempotentStub();
    const env = { WEFT_LEASE_MS: String(LEASE_MS) };
    const a = await startRuntime(dir, await freePort(), env);
    procs.push(a);
    const b = await startRuntime(dir, await freePort(), env);
    procs.push(b);
    await deploy(a, stub.url);

    stub.hold();
    const runIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = await send(a.url, i);
      expect(id, `event ${i} accepted by worker A`).toMatch(/^run_[0-9a-f]{28}$/);
      runIds.push(id!);
    }
    await eventually(async () => stub!.arrived >= 20, 'worker A to call the ERP for every run');

    // B renews its own lease for two whole lease periods, looking for orphans each time, and leaves A's runs alone.
    const before = (await workers(b)).find((w) => w.self)!;
    await eventually(
      async () => (await workers(b)).find((w) => w.self)!.expiresAt >= before.expiresAt + 2 * LEASE_MS,
      'worker B to renew its lease twice',
    );
    const seen = await workers(b);
    expect(seen).toHaveLength(2);
    expect(seen.find((w) => !w.self)!.runs, 'runs held by A').toBe(20);
    expect(seen.find((w) => w.self)!.runs, 'runs held by B').toBe(0);
    expect(stub.arrived, 'B sent nothing while A held the runs').toBe(20);

    // A freezes (its process exists but no longer renews): once its lease runs out, B takes every run over.
    // It is frozen just after a renewal has committed, not inside a write: a process frozen while it holds
    // SQLite's write lock would hold it for every process on the file.
    const renewedBefore = (await workers(b)).find((w) => !w.self)!.expiresAt;
    await eventually(
      async () => (await workers(b)).find((w) => !w.self)!.expiresAt > renewedBefore,
      'worker A to renew its lease once more',
      5_000,
      5,
    );
    a.child.kill('SIGSTOP');
    await eventually(
      async () => (await workers(b)).find((w) => w.self)!.runs === 20,
      'worker B to take over the 20 runs',
      10_000,
    );
    stub.release();
    await allSucceeded(b, runIds, 'the taken-over runs to succeed on B');

    const created = [...stub.created.values()];
    expect(created).toHaveLength(20);
    expect(
      created.every((n) => n === 1),
      'each Idempotency-Key created one record',
    ).toBe(true);
    console.log(
      `leases: 20 runs taken over from a frozen worker; ${stub.arrived} ERP requests, ${created.length} records`,
    );

    // A is killed; its row goes as soon as B sees that its process is gone.
    await killHard(a);
    await eventually(async () => (await workers(b)).length === 1, 'the killed worker to leave the workers list');
  }, 60_000);

  it('SIGTERM under load: new work refused, steps in flight finish or are released, exit within the grace; a restart finishes every accepted run', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-sigterm-'));
    stub = await startIdempotentStub({ delayMs: 20 });
    const port = await freePort();
    const GRACE_MS = 1500;
    const rt = await startRuntime(dir, port, { WEFT_SHUTDOWN_GRACE_MS: String(GRACE_MS), WEFT_LOG_LEVEL: 'info' });
    procs.push(rt);
    await deploy(rt, stub.url);

    const accepted = new Map<number, string>();
    let next = 0;
    let refused = 0;
    let sigtermAt = 0;
    const exit = exited(rt);
    const sender = async () => {
      for (;;) {
        const i = next++;
        const id = await send(rt.url, i);
        if (!id) {
          refused++;
          return;
        }
        accepted.set(i, id);
        if (accepted.size === 60 && !sigtermAt) {
          // The downstream hangs from now on, so some steps cannot finish within the grace.
          stub!.hold();
          sigtermAt = Date.now();
          rt.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, sender));
    // Steps held by the hung downstream cannot finish: only the grace running out lets the process exit.
    const code = await bounded(exit, 30_000, 'the runtime to exit after SIGTERM while its downstream hangs');
    const tookMs = Date.now() - sigtermAt;
    expect(code, 'exit code after SIGTERM').toBe(0);
    expect(rt.output()).toContain('unfinished runs released to the next worker');

    // The lease was given up on the way out, and the unfinished runs are in the store.
    const db = new Database(join(dir, 'weft.db'), { readonly: true });
    const leftWorkers = db.prepare('SELECT COUNT(*) FROM workers').pluck().get() as number;
    const unfinished = db.prepare(`SELECT COUNT(*) FROM runs WHERE status = 'running'`).pluck().get() as number;
    db.close();
    expect(leftWorkers, 'workers registered after a graceful stop').toBe(0);
    expect(unfinished, 'runs released unfinished (the downstream hung)').toBeGreaterThan(0);

    stub.release();
    const again = await startRuntime(dir, port);
    procs.push(again);
    await allSucceeded(again, accepted.values(), 'every accepted run to succeed after the restart');
    const created = [...stub.created.values()];
    console.log(
      `sigterm: ${accepted.size} runs accepted, ${refused} senders refused after SIGTERM, exit after ${tookMs} ms, ${unfinished} runs released, ${created.length} records`,
    );
    expect(new Set(accepted.values()).size).toBe(accepted.size);
    expect(created).toHaveLength(accepted.size);
    expect(
      created.every((n) => n === 1),
      'each Idempotency-Key created one record',
    ).toBe(true);
  }, 60_000);
});
