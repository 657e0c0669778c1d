import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdmissionCandidate } from '../store/run-store.ts';
import type { Store } from '../store/ports.ts';
import { ClusterAdmission } from './cluster-admission.ts';
import type { RunState } from './run-state.ts';
import { until } from '../../test/support/poll.ts';

/** The store's side of admission, as RunStore.admit decides it, in memory; counts the looks (writes). */
class Decisions {
  looks = 0;
  readonly admitted = new Set<string>();
  readonly unfinished = new Map<string, string | null>();

  /** The last look's write: once it has settled, so has the look (nothing after its write waits). */
  last: Promise<unknown> = Promise.resolve();

  readonly store = {
    write: <T>(fn: (tx: never) => T | Promise<T>): Promise<T> => {
      this.looks++;
      const tx = { runs: { admit: async (_f: string, c: AdmissionCandidate[]) => this.admit(c) } };
      const written = Promise.resolve().then(() => fn(tx as never));
      this.last = written;
      return written;
    },
  } as unknown as Pick<Store, 'write'>;

  private admit(candidates: AdmissionCandidate[]): string[] {
    const ok: string[] = [];
    let n = [...this.admitted].filter((id) => !candidates.some((c) => c.id === id)).length;
    for (const c of candidates) {
      if (c.concurrency !== undefined && n >= c.concurrency) continue;
      const first = [...this.unfinished].find(([, key]) => key !== null && key === c.orderKey)?.[0];
      if (first !== undefined && first !== c.id) continue;
      ok.push(c.id);
      this.admitted.add(c.id);
      n++;
    }
    return ok;
  }
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function setUp(concurrency: number | undefined) {
  const db = new Decisions();
  const gate = new ClusterAdmission(
    db.store,
    (rs) => ({ concurrency, orderKey: rs.orderKey }),
    () => 0,
    silent,
    () => {},
  );
  const running = new Set<string>();
  const arrive = (id: string, orderKey: string | null = null) => {
    const rs = { id, orderKey, plan: { flowId: 'f' } } as unknown as RunState;
    db.unfinished.set(id, orderKey);
    gate.admit(rs, () => running.add(id));
    return rs;
  };
  const end = (rs: RunState) => {
    running.delete(rs.id);
    db.unfinished.delete(rs.id);
    db.admitted.delete(rs.id);
    gate.release(rs);
  };
  return { db, gate, running, arrive, end };
}

describe('cluster admission asks the store only when a run may be admitted', () => {
  // The looks every second, should a release elsewhere not have been heard of, are left out.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a run arriving while its flow is full waits without a look, until a run ends', async () => {
    const { db, gate, running, arrive, end } = setUp(2);
    const first = arrive('run_1');
    await until(() => running.has('run_1'), 'the first run to be admitted');
    arrive('run_2');
    await until(() => running.has('run_2'), 'the second run to be admitted');
    arrive('run_3');
    await until(() => db.looks === 3, 'the third run to look once');
    await db.last;
    for (const id of ['run_4', 'run_5', 'run_6']) arrive(id);
    expect(db.looks).toBe(3);
    expect(gate.waiting('f')).toBe(4);
    end(first);
    await until(() => running.has('run_3'), 'the third run to be admitted once the first ended');
    expect([...running].sort()).toEqual(['run_2', 'run_3']);
    expect(db.looks).toBe(4);
    gate.stop();
  });

  it('a run arriving with an ordering key an earlier run here holds waits without a look, until that one ends', async () => {
    const { db, gate, running, arrive, end } = setUp(undefined);
    const first = arrive('run_a1', 'A');
    await until(() => running.has('run_a1'), 'the first run of A to be admitted');
    arrive('run_a2', 'A');
    arrive('run_a3', 'A');
    arrive('run_b1', 'B');
    await until(() => running.has('run_b1'), 'the first run of B to be admitted');
    await db.last;
    expect(db.looks).toBe(2);
    end(first);
    await until(() => running.has('run_a2'), 'the second run of A to be admitted once the first ended');
    expect(running.has('run_a3')).toBe(false);
    gate.stop();
  });
});
