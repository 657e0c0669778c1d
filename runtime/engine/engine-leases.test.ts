import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../weft.ts';
import type { Logger } from '../logger.ts';
import { ManualClock } from './clock.ts';
import { testWeft, deploy, start, stepReaches, TEST_STORE } from '../../test/support/weft.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { READ_ONLY_CODE, readOnly } from '../../test/support/refuse-writes.ts';

const LEASE_MS = 1000;
const open: Weft[] = [];
let dir = '';
afterEach(async () => {
  for (const w of open.splice(0)) await w.close(0).catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Line {
  msg: string;
  data?: Record<string, unknown>;
}

function recordingLogger(lines: Line[]): Logger {
  const at = (msg: string, data?: Record<string, unknown>) => void lines.push({ msg, data });
  const logger: Logger = { debug: at, info: at, warn: at, error: at, child: () => logger };
  return logger;
}

async function worker(workerId: string, clock: ManualClock, logger?: Logger): Promise<Weft> {
  const w = await testWeft({ clock, logger, config: { dataDir: dir, workerId, leaseMs: LEASE_MS } });
  open.push(w);
  return w;
}

const delayFlow = flow(
  'lease-reminder',
  { in: n.manual(), wait: { type: 'control.delay', config: { forMs: 3_600_000 } }, after: n.map("{ 'sent': id }") },
  ['in>wait', 'wait>after'],
);

describe('engine: leases', () => {
  it('a worker taking over a run whose owner let its lease run out names that owner', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-lease-'));
    // Each worker sees its own time: A's stands still, so A stops renewing its lease, while B's moves on.
    const clockA = new ManualClock();
    const clockB = new ManualClock();
    const a = await worker('worker-a', clockA);
    const plan = await deploy(a, delayFlow);
    const { runId } = await start(a, plan, { id: 'R-1' });
    await stepReaches(a, runId, 'wait', (s) => s.status === 'waiting', 'the delay to start on worker A');

    const lines: Line[] = [];
    const b = await worker('worker-b', clockB, recordingLogger(lines));
    expect(
      (await b.engine.workers()).find((w) => w.id === 'worker-a')?.runs,
      'runs held by A while its lease is live',
    ).toBe(1);
    expect((await b.store.runs.run(runId))!.owner).toBe('worker-a');

    clockB.advance(LEASE_MS + LEASE_MS / 2);
    const takeOver = await until(
      () => lines.find((l) => l.msg === 'taking over a run whose worker is gone' && l.data?.runId === runId),
      'worker B to take the run over',
    );
    expect(takeOver.data).toEqual({ runId, from: 'worker-a' });
    expect((await b.store.runs.run(runId))!.owner).toBe('worker-b');
    // Logged once claimed; the run is loaded after.
    await until(() => b.engine.isActive(runId), 'worker B to load the run it took over');
  });
});

describe('engine: lease renewal when the store refuses writes', () => {
  it('logs the refused renewal, keeps the process up and renews again once the store writes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-lease-'));
    const clock = new ManualClock();
    const lines: Line[] = [];
    const w = await worker('worker-r', clock, recordingLogger(lines));
    const expiry = async () => (await w.engine.workers()).find((x) => x.id === 'worker-r')!.expiresAt;
    const first = await expiry();

    await readOnly(w, true);
    // A renewal the store refuses rejects nothing (the test would fail on an unhandled rejection).
    await clock.advanceSettled(LEASE_MS / 3 + 1);
    const refused = lines.find((l) => l.msg === 'lease renewal failed; trying again at the next renewal');
    expect(refused?.data).toMatchObject({ workerId: 'worker-r', code: READ_ONLY_CODE[TEST_STORE] });
    expect(await expiry(), 'the lease is unchanged while the store refuses writes').toBe(first);

    await readOnly(w, false);
    const failures = lines.length;
    await clock.advanceSettled(LEASE_MS / 3 + 1);
    expect(await expiry(), 'the next renewal extends the lease').toBeGreaterThan(first);
    expect(lines.slice(failures).map((l) => l.msg)).not.toContain(
      'lease renewal failed; trying again at the next renewal',
    );
  });
});
