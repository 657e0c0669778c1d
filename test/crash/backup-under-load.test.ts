import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { startIdempotentStub, type IdempotentStub } from '../support/idempotent-stub.ts';
import { weftCli, weftCliAsync } from '../support/cli.ts';
import { eventually } from '../support/poll.ts';

const CONCURRENCY = 8;
const ANSWERED_BEFORE_BACKUP = 60;
const NODES = ['trigger', 'map', 'check', 'erp', 'reply'];

function flowFor(stubUrl: string) {
  const def = JSON.parse(readFileSync(new URL('../fixtures/opportunity-won-to-erp.json', import.meta.url), 'utf8'));
  def.nodes.find((n: { id: string }) => n.id === 'erp').config.url = `${stubUrl}/projects`;
  return def;
}

/** Sends one opportunity; the run id when the flow answered 201 (the run finished), else null. */
async function send(url: string, id: string): Promise<string | null> {
  try {
    const res = await fetch(`${url}/hooks/opportunity-won`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `evt-${id}` },
      body: JSON.stringify({
        opportunity: { id, currency: 'EUR', account: { id: 'ACC-1' }, lines: [{ qty: 2, rate: 100 }] },
      }),
    });
    await res.arrayBuffer();
    return res.status === 201 ? res.headers.get('weft-run-id') : null;
  } catch {
    return null;
  }
}

async function deploy(url: string, def: { id: string }): Promise<void> {
  expect((await api(url, 'POST', '/api/flows', def)).status).toBe(201);
  const pub = await api<{ version: number }>(url, 'POST', `/api/flows/${def.id}/publish`, {});
  expect(pub.status).toBe(201);
  expect((await api(url, 'POST', `/api/flows/${def.id}/activate`, { version: pub.body.version })).status).toBe(200);
}

describe('backup under load, restore, start on the copy', () => {
  let dir = '';
  let stub: IdempotentStub | undefined;
  const runtimes: RuntimeProcess[] = [];
  afterAll(async () => {
    for (const rt of runtimes) await killHard(rt);
    await stub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every run answered before the backup began, with its steps; the chain verifies; the copy runs new webhooks', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-backup-load-'));
    const data = join(dir, 'data');
    stub = await startIdempotentStub({ delayMs: 2 });
    const rt = await startRuntime(data, await freePort());
    runtimes.push(rt);
    await deploy(rt.url, flowFor(stub.url));
    expect(await (await fetch(`${rt.url}/healthz`)).json()).toEqual({
      status: 'ok',
      store: { dialect: 'sqlite', synchronous: 'full' },
    });
    await eventually(
      async () => /store: +SQLite, synchronous=full: every commit is flushed to disk/.test(rt.output()),
      `the start-up lines to name the guarantee:\n${rt.output()}`,
    );

    // Webhooks keep arriving from CONCURRENCY callers until the backup has finished.
    const answered: string[] = [];
    let stop = false;
    let next = 0;
    const caller = async () => {
      while (!stop) {
        const runId = await send(rt.url, `OPP-${next++}`);
        if (runId) answered.push(runId);
      }
    };
    const callers = Array.from({ length: CONCURRENCY }, caller);
    await eventually(
      async () => answered.length >= ANSWERED_BEFORE_BACKUP,
      `${ANSWERED_BEFORE_BACKUP} answered webhooks (${answered.length} so far)\n${rt.output()}`,
      30_000,
    );

    const answeredBefore = [...answered];
    const backupFile = join(dir, 'weft-backup.db');
    const backup = await weftCliAsync(['backup', '--to', backupFile, '--data', data, '--json']);
    const answeredDuring = answered.length - answeredBefore.length;
    stop = true;
    await Promise.all(callers);
    expect(backup.code, `${backup.out}\n${backup.err}`).toBe(0);
    expect(answeredDuring, 'webhooks answered while the backup ran').toBeGreaterThan(0);
    const printed = JSON.parse(backup.out);
    expect(printed).toMatchObject({ flows: 1, versions: 1, auditProblem: null });
    expect(printed.runs).toBeGreaterThanOrEqual(answeredBefore.length);

    // Restore into a new folder: the counts are the ones the backup printed, and the chain verifies.
    const copy = join(dir, 'restored');
    const restore = weftCli([
      'restore',
      '--from',
      backupFile,
      '--data',
      copy,
      '--key',
      join(data, 'secret.key'),
      '--json',
    ]);
    expect(restore.code, restore.out).toBe(0);
    const restored = JSON.parse(restore.out);
    for (const k of ['flows', 'versions', 'runs', 'steps', 'connections', 'auditEntries', 'auditLastHash'])
      expect(restored[k], k).toEqual(printed[k]);
    const verify = weftCli(['audit', 'verify', '--data', copy]);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toContain(
      `audit log intact: ${printed.auditEntries} entries, last hash ${printed.auditLastHash}`,
    );

    // Every run answered before the backup began is in the copy, finished, with each of its steps.
    const db = new Database(join(copy, 'weft.db'), { readonly: true });
    try {
      const runStatus = db.prepare('SELECT status FROM runs WHERE id = ?').pluck();
      const steps = db.prepare('SELECT node_id AS nodeId, status FROM steps WHERE run_id = ? ORDER BY node_id');
      const missing: string[] = [];
      for (const runId of answeredBefore) {
        const status = runStatus.get(runId);
        const rows = steps.all(runId) as { nodeId: string; status: string }[];
        const done = rows
          .filter((s) => s.status === 'succeeded')
          .map((s) => s.nodeId)
          .sort();
        if (status !== 'succeeded' || done.join() !== [...NODES].sort().join())
          missing.push(`${runId}: ${status ?? 'absent'}, steps ${JSON.stringify(rows)}`);
      }
      expect(missing, 'answered runs missing or incomplete in the restored copy').toEqual([]);
    } finally {
      db.close();
    }

    // The restored installation starts, says which guarantee holds, and runs new webhooks.
    const second = await startRuntime(copy, await freePort());
    runtimes.push(second);
    expect(await (await fetch(`${second.url}/healthz`)).json()).toEqual({
      status: 'ok',
      store: { dialect: 'sqlite', synchronous: 'full' },
    });
    for (let i = 0; i < 5; i++)
      expect(
        await send(second.url, `AFTER-RESTORE-${i}`),
        `new webhook ${i} on the restored copy\n${second.output()}`,
      ).toMatch(/.+/);
  }, 120_000);
});
