import type {
  CircuitFailure,
  CircuitRow,
  DownstreamStore,
  OpenCircuitRow,
  PauseRow,
  TurnsRow,
} from '../downstream-store.ts';
import { circuits } from '../schema.ts';
import { selectList } from '../columns.ts';
import { jsonValue, type Sql } from '../sql.ts';

const CIRCUIT_COLUMNS = selectList(circuits);

const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const circuitRow = (r: CircuitRow): CircuitRow => ({
  key: r.key,
  failures: Number(r.failures),
  openedAt: orNull(r.openedAt),
  nextTryAt: orNull(r.nextTryAt),
  lastError: r.lastError,
});

/** Opens a closed circuit whose count reaches the threshold with this failure (the parameters: threshold, then the time). */
const opensAt = (column: string) =>
  `CASE WHEN circuits.next_try_at IS NULL AND circuits.failures + 1 >= CAST(? AS BIGINT) THEN CAST(? AS BIGINT) ELSE circuits.${column} END`;

const COUNT_FAILURE = `INSERT INTO circuits (key, failures, opened_at, next_try_at, last_error) VALUES (?, 1, ?, ?, ?)
  ON CONFLICT (key) DO UPDATE SET failures = circuits.failures + 1, last_error = excluded.last_error,
    opened_at = ${opensAt('opened_at')}, next_try_at = ${opensAt('next_try_at')}
  RETURNING ${CIRCUIT_COLUMNS}`;

/**
 * Rate-limit turns, pauses and circuits, in the SQL both dialects speak. holdTurns() creates a missing row and
 * reads it; SQLite's write lock holds it for the write, PostgreSQL reads it FOR UPDATE. countFailure() is one
 * statement, so failures counted at once by several processes are each counted, and one of them opens the
 * circuit.
 */
export class SqlDownstreamStore implements DownstreamStore {
  constructor(private readonly sql: Sql) {}

  async holdTurns(key: string): Promise<TurnsRow> {
    const lock = this.sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
    await this.sql.run(`INSERT INTO rate_turns (key, starts) VALUES (?, '[]') ON CONFLICT (key) DO NOTHING`, [key]);
    const r = await this.sql.get<{ starts: unknown; paused_until: unknown }>(
      `SELECT starts, paused_until FROM rate_turns WHERE key = ?${lock}`,
      [key],
    );
    return {
      key,
      starts: jsonValue<number[]>(r!.starts).map(Number),
      pausedUntil: r!.paused_until === null ? null : Number(r!.paused_until),
    };
  }

  async putTurns(r: TurnsRow): Promise<void> {
    await this.sql.run(`UPDATE rate_turns SET starts = ?, paused_until = ? WHERE key = ?`, [
      JSON.stringify(r.starts),
      r.pausedUntil,
      r.key,
    ]);
  }

  async pauseTurns(key: string, until: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO rate_turns (key, starts, paused_until) VALUES (?, '[]', ?)
      ON CONFLICT (key) DO UPDATE SET paused_until = excluded.paused_until
      WHERE rate_turns.paused_until IS NULL OR rate_turns.paused_until < excluded.paused_until`,
      [key, until],
    );
  }

  async pauses(now: number, key?: string): Promise<PauseRow[]> {
    const rows = await this.sql.all<{ key: string; paused_until: unknown }>(
      `SELECT key, paused_until FROM rate_turns WHERE paused_until > ?${key === undefined ? '' : ' AND key = ?'}`,
      key === undefined ? [now] : [now, key],
    );
    return rows.map((r) => ({ key: r.key, pausedUntil: Number(r.paused_until) }));
  }

  async countFailure(f: CircuitFailure): Promise<CircuitRow> {
    const opens = f.threshold <= 1;
    const next = f.now + f.cooldownMs;
    const r = await this.sql.get<CircuitRow>(COUNT_FAILURE, [
      f.key,
      opens ? f.now : null,
      opens ? next : null,
      f.message,
      f.threshold,
      f.now,
      f.threshold,
      next,
    ]);
    return circuitRow(r!);
  }

  async resetFailures(key: string): Promise<void> {
    await this.sql.defer(`DELETE FROM circuits WHERE key = ? AND next_try_at IS NULL`, [key]);
  }

  async openCircuit(r: OpenCircuitRow): Promise<void> {
    await this.sql.run(
      `INSERT INTO circuits (key, failures, opened_at, next_try_at, last_error) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, opened_at = excluded.opened_at,
        next_try_at = excluded.next_try_at, last_error = excluded.last_error`,
      [r.key, r.failures, r.openedAt, r.nextTryAt, r.lastError],
    );
  }

  async closeCircuit(key: string): Promise<void> {
    await this.sql.run(`DELETE FROM circuits WHERE key = ?`, [key]);
  }

  async circuits(key?: string): Promise<CircuitRow[]> {
    const rows =
      key === undefined
        ? await this.sql.all<CircuitRow>(`SELECT ${CIRCUIT_COLUMNS} FROM circuits ORDER BY key`)
        : await this.sql.all<CircuitRow>(`SELECT ${CIRCUIT_COLUMNS} FROM circuits WHERE key = ?`, [key]);
    return rows.map(circuitRow);
  }
}
