import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from 'vitest';
import type { Weft } from '../weft.ts';
import type { StepRow } from '../store/run-store.ts';
import { ManualClock } from '../engine/clock.ts';
import { HttpStub } from '../../test/support/http-stub.ts';
import { flow, n } from '../../test/support/flows.ts';
import { until } from '../../test/support/poll.ts';
import { testWeft, deploy, start, stepReaches } from '../../test/support/weft.ts';

let stub: HttpStub;
let weft: Weft;
let clock: ManualClock;

beforeAll(async () => {
  stub = await HttpStub.start();
});
afterAll(() => stub.close());
beforeEach(async () => {
  clock = new ManualClock();
  weft = await testWeft({ clock, random: () => 0.5, config: { circuitFailures: 3, circuitCooldownMs: 10_000 } });
});
afterEach(() => weft.close(100));

const retry = { maxAttempts: 10, initialDelayMs: 1000, factor: 1, maxDelayMs: 1000, jitter: 0 };
const codeOf = (s: StepRow) => (s.error ? (JSON.parse(s.error) as { code: string }).code : null);

describe('engine: a downstream behind an open circuit', () => {
  it('holds connector steps while the circuit is open and completes them once the downstream is back', async () => {
    stub.respond('/erp', { status: 500, body: { error: 'down' } });
    const plan = await deploy(
      weft,
      flow('erp', { in: n.manual(), call: n.http(`${stub.url}/erp`, { retry }) }, ['in>call']),
    );
    const host = new URL(stub.url).host;
    const circuit = () => weft.guard!.status().circuits.find((c) => c.host === host);
    const calls = () => stub.calls('/erp').length;
    const stepOf = async (runId: string) => (await weft.store.runs.steps(runId)).find((s) => s.nodeId === 'call')!;
    const statuses = async (ids: string[]) =>
      (await Promise.all(ids.map((id) => weft.store.runs.run(id)))).map((r) => r?.status);

    const a = (await start(weft, plan, { id: 'A' })).runId;
    await until(() => (clock.advance(1000), circuit()?.state === 'open'), 'the circuit to open', 10_000);
    expect(calls(), 'three failures open the circuit').toBe(3);
    const nextTryAt = circuit()!.nextTryAt!;

    const held = [a];
    for (const id of ['B', 'C']) {
      const { runId } = await start(weft, plan, { id });
      held.push(runId);
      const s = await stepReaches(weft, runId, 'call', (x) => codeOf(x) === 'circuit_open', 'held by the open circuit');
      expect(s).toMatchObject({ status: 'retrying', attempts: 0, nextAttemptAt: nextTryAt });
    }
    const heldA = await until(
      async () => {
        if (clock.now() + 500 < nextTryAt) clock.advance(500);
        const s = await stepOf(a);
        return codeOf(s) === 'circuit_open' && s;
      },
      'run A held by the open circuit',
      10_000,
    );
    expect(heldA).toMatchObject({ status: 'retrying', attempts: 3 });
    expect(JSON.parse(heldA.error!)).toMatchObject({
      retryable: true,
      message: expect.stringMatching(new RegExp(`^circuit for ${host} is open after 3 failures; next try in \\d+s$`)),
    });

    // Held steps are due when the circuit may probe: until then none starts (a due step starts inside
    // clock.advance), so none can send a request.
    clock.advance(nextTryAt - 1 - clock.now());
    for (const id of held) expect(weft.engine.stepsInFlight(id), `steps of ${id} in flight`).toEqual([]);
    expect(calls(), 'no request reaches the downstream while the circuit is open').toBe(3);

    await until(
      () => (clock.advance(1000), circuit()?.consecutiveFailures === 4),
      'the half-open probe to fail',
      10_000,
    );
    expect(circuit()).toMatchObject({ state: 'open', lastError: expect.stringContaining('answered 500') });
    expect(calls(), 'one probe after the cool-down').toBe(4);

    stub.respond('/erp', { status: 200 });
    await until(
      async () => (clock.advance(1000), (await statuses(held)).every((s) => s !== 'running')),
      'every run to finish',
      15_000,
    );
    expect(await statuses(held)).toEqual(held.map(() => 'succeeded'));
    expect(circuit()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    expect(
      calls(),
      '3 failures + 1 failed probe + 1 per run (the first of them the probe that closed the circuit)',
    ).toBe(3 + 1 + 3);
    const attempts = (await Promise.all(held.map(stepOf))).map((s) => s.attempts);
    expect(
      attempts.reduce((x, y) => x + y),
      'held steps used no attempts',
    ).toBe(calls());
  });
});
