import type pg from 'pg';
import { eventually } from '../support/poll.ts';
import { api, killHard, type RuntimeProcess } from '../support/runtime-process.ts';
import { type Cluster, LEASE_MS, pace, sendHook } from './cluster-support.ts';

export const CUSTOMERS = 20;
export const PER_CUSTOMER = 24;
/** Between two events of one customer: the load lasts a few seconds, long enough for a kill and a freeze. */
const PACE_MS = 120;
/** Accepted events after which process 1 is killed, and process 2 frozen. */
const KILL_AT = 100;
const FREEZE_AT = 200;

export interface LoadResult {
  /** Run id per event, from the 2xx answer that accepted it. */
  accepted: Map<string, string>;
  /** Answers other than 202 the senders received. */
  answers: { process: number; event: string; status: number; body: string }[];
  /** Events sent again after a lost answer (killed or frozen process). */
  resent: number;
  /** Runs the frozen worker held when it froze, taken over by the others before it went on. */
  takenOver: number;
}

interface Deps {
  procs: RuntimeProcess[];
  db: pg.Client;
  cluster: Cluster;
}

async function workerIdOf(p: RuntimeProcess): Promise<string> {
  const r = await api<{ workers: { id: string; self: boolean }[] }>(p.url, 'GET', '/api/workers');
  const self = r.body.workers?.find((w) => w.self);
  if (!self) throw new Error(`GET /api/workers on ${p.url}: ${r.status} ${JSON.stringify(r.body)}`);
  return self.id;
}

/**
 * Sends PER_CUSTOMER events for each of CUSTOMERS customers, each customer's one after the other (the next
 * once the previous was accepted), spread over the three processes. Process 1 is killed (SIGKILL) and
 * process 2 frozen (SIGSTOP) mid-load; it goes on (SIGCONT) once its lease has run out and the others have
 * taken its runs over. A lost answer is sent again, with the same Idempotency-Key, to another process.
 * Resolves when no run of the flow is running any more.
 */
export async function runLoad({ procs, db, cluster }: Deps): Promise<LoadResult> {
  const [, victim, frozen] = procs;
  const frozenId = await workerIdOf(frozen);
  const accepted = new Map<string, string>();
  const answers: LoadResult['answers'] = [];
  let resent = 0;
  let killing: Promise<void> | null = null;
  let freezing: Promise<number> | null = null;
  let victimDown = false;
  const dead = (p: RuntimeProcess) =>
    (p === victim && victimDown) || p.child.exitCode !== null || p.child.signalCode !== null;

  const freezeAndThaw = async (): Promise<number> => {
    frozen.child.kill('SIGSTOP');
    const frozenAt = Date.now();
    const held = async () =>
      Number(
        (
          await db.query<{ n: string }>(`SELECT COUNT(*) AS n FROM runs WHERE owner = $1 AND status = 'running'`, [
            frozenId,
          ])
        ).rows[0].n,
      );
    const heldAtFreeze = await held();
    // Frozen longer than its lease: the others renew theirs after it ran out, and take its runs over.
    await eventually(
      async () => {
        const { rows } = await db.query<{ id: string; expires_at: number }>('SELECT id, expires_at FROM workers');
        const mine = rows.find((r) => r.id === frozenId);
        const lapsed = !mine || Number(mine.expires_at) < Date.now();
        const livesRenewedSince = rows
          .filter((r) => r.id !== frozenId)
          .every((r) => Number(r.expires_at) > frozenAt + 2 * LEASE_MS);
        return lapsed && livesRenewedSince && (await held()) === 0;
      },
      `the frozen worker's lease to run out and its runs to be taken over\n${cluster.outputs()}`,
      10_000,
      50,
    );
    frozen.child.kill('SIGCONT');
    return heldAtFreeze;
  };

  const sendOne = async (customer: number, seq: number) => {
    const event = `C${customer}-${seq}`;
    const body = { customer: `C${customer}`, seq, event };
    for (let attempt = 0; ; attempt++) {
      if (attempt > 40) throw new Error(`event ${event} was not accepted in 40 attempts\n${cluster.outputs()}`);
      const live = procs.filter((p) => !dead(p));
      const target = live[(customer + seq + attempt) % live.length];
      const r = await sendHook(target.url, 'orders', event, body);
      if (attempt > 0) resent++;
      if ('error' in r) continue;
      if (r.status === 202 && r.runId) {
        accepted.set(event, r.runId);
        break;
      }
      answers.push({ process: procs.indexOf(target), event, status: r.status, body: r.body });
    }
    if (!killing && accepted.size >= KILL_AT) {
      victimDown = true;
      killing = killHard(victim);
    }
    if (!freezing && accepted.size >= FREEZE_AT) freezing = freezeAndThaw();
  };

  await Promise.all(
    Array.from({ length: CUSTOMERS }, async (_, customer) => {
      for (let seq = 0; seq < PER_CUSTOMER; seq++) {
        await sendOne(customer, seq);
        await pace(PACE_MS);
      }
    }),
  );
  if (!killing || !freezing) throw new Error(`the load ended before the kill and the freeze (${accepted.size} events)`);
  await killing;
  const takenOver = await freezing;
  await eventually(
    async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT COUNT(*) AS n FROM runs WHERE flow_id = 'orders' AND status = 'running'`,
          )
        ).rows[0].n,
      ) === 0,
    `every run of the load to finish\n${cluster.outputs()}`,
    30_000,
    100,
  );
  return { accepted, answers, resent, takenOver };
}
