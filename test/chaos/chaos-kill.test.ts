import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { startGenerationStub, nextGeneration, type GenerationStub } from '../support/generation-stub.ts';
import { flow, n } from '../support/flows.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { until } from '../support/poll.ts';
import type { RunSummary } from '../../shared/run.ts';

/**
 * Chaos: a webhook flow with three connector steps in a row (A → B → C, each an
 * idempotent stub on loopback) under load, while the runtime is killed with
 * SIGKILL at random moments and restarted on the same data folder. Afterwards
 * every accepted event has exactly one finished run and no Idempotency-Key
 * created two records downstream.
 */
const TOTAL = 520;
const CONCURRENCY = 12;
const KILLS_DURING_LOAD = 5;
const STUB_LATENCY_MS = 20;
const SETTLE_MS = 60_000;
const CONNECTORS = ['a', 'b', 'c'] as const;

const seed = Number(process.env.WEFT_CHAOS_SEED ?? Date.now() % 1_000_000);
const random = seededRandom(seed);

/** Kill points: numbers of accepted events, spread over the load, at least 20 apart. */
function killPoints(): number[] {
  for (;;) {
    const points = Array.from({ length: KILLS_DURING_LOAD }, () => Math.floor(TOTAL * (0.05 + 0.9 * random()))).sort(
      (x, y) => x - y,
    );
    if (points.every((p, i) => i === 0 || p - points[i - 1] >= 20)) return points;
  }
}

type Sent = { runId: string; duplicate: boolean } | { lost: string };

/** Sends event i with its own Idempotency-Key; anything but a 202 counts as a lost answer. */
async function send(url: string, i: number): Promise<Sent> {
  try {
    const res = await fetch(`${url}/hooks/chaos`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `evt-${i}` },
      body: JSON.stringify({ n: i }),
    });
    const text = await res.text();
    if (res.status !== 202) return { lost: `HTTP ${res.status}: ${text.slice(0, 200)}` };
    return JSON.parse(text) as { runId: string; duplicate: boolean };
  } catch (err) {
    return { lost: (err as Error).message };
  }
}

async function allRuns(url: string): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  let before: string | null = null;
  for (let page = 0; page < 100; page++) {
    const res: { status: number; body: { runs: RunSummary[]; next: string | null } } = await api(
      url,
      'GET',
      `/api/runs?flowId=chaos&limit=500${before ? `&before=${before}` : ''}`,
    );
    expect(res.status).toBe(200);
    runs.push(...res.body.runs);
    before = res.body.next;
    if (!before) return runs;
  }
  throw new Error('more than 100 pages of runs');
}

describe('chaos: SIGKILL at random moments under load', () => {
  let dir = '';
  const stubs: GenerationStub[] = [];
  let rt: RuntimeProcess | undefined;
  afterAll(async () => {
    if (rt) await killHard(rt);
    await Promise.all(stubs.map((s) => s.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every accepted event has exactly one finished run, and no Idempotency-Key creates two records', async () => {
    console.log(`chaos seed ${seed} (set WEFT_CHAOS_SEED to repeat its kill points)`);
    dir = mkdtempSync(join(tmpdir(), 'weft-chaos-'));
    for (const _ of CONNECTORS) stubs.push(await startGenerationStub({ delayMs: STUB_LATENCY_MS }));
    const port = await freePort();
    rt = await startRuntime(dir, port);

    const def = flow(
      'chaos',
      {
        in: n.webhook('chaos', { respond: 'immediately' }),
        a: n.http(`${stubs[0].url}/records`, { body: "={ 'step': 'a', 'n': $trigger.body.n }" }),
        b: n.http(`${stubs[1].url}/records`, { body: "={ 'step': 'b', 'n': $trigger.body.n, 'a': $steps.a.id }" }),
        c: n.http(`${stubs[2].url}/records`, { body: "={ 'step': 'c', 'n': $trigger.body.n, 'b': $steps.b.id }" }),
      },
      ['in>a', 'a>b', 'b>c'],
    );
    expect((await api(rt.url, 'POST', '/api/flows', def)).status).toBe(201);
    const pub = await api<{ version: number }>(rt.url, 'POST', '/api/flows/chaos/publish', {});
    expect(pub.status).toBe(201);
    expect((await api(rt.url, 'POST', '/api/flows/chaos/activate', { version: pub.body.version })).status).toBe(200);

    const stubRequests = () => stubs.reduce((sum, s) => sum + s.total(), 0);
    const accepted = new Map<number, string>();
    const sendsPerEvent = new Map<number, number>();
    const lostAnswers: string[] = [];
    let queue = Array.from({ length: TOTAL }, (_, i) => i);
    const points = killPoints();
    let kills = 0;
    let recovered = 0;
    /** A new runtime process on the same data folder; the stubs count its connections as a new generation. */
    const restart = async () => {
      await nextGeneration(stubs);
      rt = await startRuntime(dir, port);
    };

    // The load, in phases: each phase ends with a kill at its accepted-events point; answers lost in flight are resent later.
    for (let phase = 0; queue.length > 0; phase++) {
      const current = rt;
      const killAt = points[phase] ?? Infinity;
      let killed: Promise<void> | null = null;
      const lost: number[] = [];
      const worker = async () => {
        while (!killed && queue.length > 0) {
          const i = queue.shift()!;
          const tries = (sendsPerEvent.get(i) ?? 0) + 1;
          sendsPerEvent.set(i, tries);
          if (tries > 20)
            throw new Error(
              `event ${i} was sent 20 times without being accepted (last: ${lostAnswers.at(-1)}):\n${current.output().slice(-3000)}`,
            );
          const r = await send(current.url, i);
          if ('lost' in r) {
            lost.push(i);
            lostAnswers.push(r.lost);
          } else {
            // A resend after a lost answer: if the first send had been committed, the same run comes back as a duplicate.
            if (r.duplicate) recovered++;
            accepted.set(i, r.runId);
          }
          if (!killed && accepted.size >= killAt) {
            kills++;
            killed = killHard(current);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      queue = [...lost, ...queue];
      if (killed) {
        await killed;
        await restart();
      }
    }
    expect(accepted.size).toBe(TOTAL);
    expect(
      lostAnswers.filter((l) => l.startsWith('HTTP')),
      'answers from a live runtime other than 202',
    ).toEqual([]);

    // One more kill after the load, while runs are still working through A → B → C.
    const target = Math.min(
      stubRequests() + Math.floor(random() * TOTAL),
      Math.floor(TOTAL * CONNECTORS.length * 0.95),
    );
    await until(() => stubRequests() >= target, `${target} stub requests (have ${stubRequests()})`, SETTLE_MS);
    await killHard(rt);
    kills++;
    await restart();

    // Every accepted run finishes (bounded wait).
    const deadline = Date.now() + SETTLE_MS;
    for (;;) {
      const running = await api<{ runs: RunSummary[] }>(
        rt.url,
        'GET',
        '/api/runs?flowId=chaos&status=running&limit=500',
      );
      expect(running.status).toBe(200);
      if (running.body.runs.length === 0) break;
      if (Date.now() > deadline)
        throw new Error(
          `${running.body.runs.length} run(s) still running ${SETTLE_MS} ms after the last restart (seed ${seed}), e.g. ${running.body.runs
            .slice(0, 5)
            .map((r) => r.id)
            .join(', ')}:\n${rt.output().slice(-3000)}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }

    // A resend of an accepted event returns its run, also after all those restarts.
    for (const i of Array.from({ length: 25 }, () => Math.floor(random() * TOTAL))) {
      const r = await send(rt.url, i);
      expect(r, `resend of event ${i}`).toEqual({ runId: accepted.get(i), duplicate: true });
    }

    const runs = await allRuns(rt.url);
    const byId = new Map(runs.map((r) => [r.id, r]));
    const runIds = new Set(accepted.values());
    expect(runIds.size, 'each accepted event has its own run').toBe(TOTAL);
    expect(runs.length, 'runs of the flow (none lost, none extra)').toBe(TOTAL);
    // The kills are the only fault injected, and the one way they can fail a run is a step that was executing
    // at WEFT_POISON_RESTARTS (3) of them: it is failed as a poison input instead of started again.
    for (const [i, id] of accepted) {
      const run = byId.get(id);
      expect(run, `run ${id} of event ${i}`).toMatchObject({ id, dedupeKey: `evt-${i}` });
      if (run!.status === 'succeeded') expect(run!.error, `error of succeeded run ${id}`).toBeNull();
      else
        expect(run, `run ${id} (seed ${seed}): only a poison step may fail it`).toMatchObject({
          status: 'failed',
          error: {
            code: 'poison',
            retryable: false,
            nodeId: expect.stringMatching(/^[abc]$/),
            message: expect.stringMatching(
              /^the process stopped [3-9] times while step "[abc]" was executing; it is not started again/,
            ),
          },
        });
    }

    // Downstream: each key created at most one record; every key belongs to a run and its own step; a succeeded run created all three.
    for (const [k, stub] of stubs.entries()) {
      const node = CONNECTORS[k];
      expect(stub.missingKey, `requests without Idempotency-Key at ${node}`).toBe(0);
      const twice = [...stub.created].filter(([, count]) => count !== 1);
      expect(twice, `keys that created more than one record at ${node}`).toEqual([]);
      const foreign = [...stub.created.keys()].filter(
        (key) => !(key.endsWith(`:${node}`) && runIds.has(key.slice(0, -node.length - 1))),
      );
      expect(foreign, `keys at ${node} that belong to no accepted run`).toEqual([]);
    }
    // A repeat of a key only ever comes from a later process (resuming a step that was in flight when its process died).
    for (const [k, stub] of stubs.entries()) {
      const sameProcess = [...stub.requests].filter(([, gens]) => new Set(gens).size !== gens.length);
      const detail = await Promise.all(
        sameProcess.slice(0, 3).map(async ([key, gens]) => {
          const run = await api<{
            status: string;
            steps: { nodeId: string; attempts: number; status: string; attemptErrors: unknown[] }[];
          }>(rt!.url, 'GET', `/api/runs/${key.split(':')[0]}`);
          return {
            key,
            processes: gens,
            steps: run.body.steps.map(
              (st) => `${st.nodeId}:${st.status}/${st.attempts} ${JSON.stringify(st.attemptErrors)}`,
            ),
          };
        }),
      );
      expect(
        detail,
        `keys sent twice by the same process to ${CONNECTORS[k]} (${sameProcess.length} in all; seed ${seed})`,
      ).toEqual([]);
    }
    const succeeded = runs.filter((r) => r.status === 'succeeded');
    for (const r of succeeded)
      for (const [k, stub] of stubs.entries())
        expect(stub.created.get(`${r.id}:${CONNECTORS[k]}`), `record of ${r.id} at ${CONNECTORS[k]}`).toBe(1);

    const requests = stubRequests();
    const records = stubs.reduce((sum, s) => sum + s.created.size, 0);
    console.log(
      `chaos (seed ${seed}): ${accepted.size} runs accepted (${lostAnswers.length} answers lost and resent, ${recovered} of those already committed and answered as duplicates), ` +
        `${succeeded.length} succeeded, ${runs.length - succeeded.length} failed; ${kills} kills (after ${points.join(', ')} accepted events and once after the load); ` +
        `${requests} stub requests, ${records} records, ${requests - records} duplicates absorbed`,
    );
    expect(kills).toBeGreaterThanOrEqual(KILLS_DURING_LOAD + 1);
  }, 180_000);
});
