import { signInThrottle } from '../schema.ts';
import { selectList } from '../columns.ts';
import type { ThrottleRow, ThrottleStore } from '../throttle-store.ts';
import type { Sql } from '../sql.ts';

const COLUMNS = selectList(signInThrottle);

/**
 * The sign-in throttle's rows, in the SQL both dialects speak. hold() creates a missing row and reads it;
 * SQLite's write lock holds it for the write, PostgreSQL reads it FOR UPDATE.
 */
export class SqlThrottleStore implements ThrottleStore {
  constructor(private readonly sql: Sql) {}

  async hold(keys: readonly string[], now: number): Promise<ThrottleRow[]> {
    const lock = this.sql.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const rows: ThrottleRow[] = [];
    for (const key of keys) {
      await this.sql.run(
        `INSERT INTO sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES (?, 0, ?, NULL)
        ON CONFLICT (key) DO NOTHING`,
        [key, now],
      );
      const r = await this.sql.get<ThrottleRow>(`SELECT ${COLUMNS} FROM sign_in_throttle WHERE key = ?${lock}`, [key]);
      rows.push({ ...r!, failures: Number(r!.failures) });
    }
    return rows;
  }

  async put(r: ThrottleRow): Promise<void> {
    await this.sql.run(
      `INSERT INTO sign_in_throttle (key, failures, last_failure_at, blocked_until) VALUES (?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
        blocked_until = excluded.blocked_until`,
      [r.key, r.failures, r.lastFailureAt, r.blockedUntil],
    );
  }

  async delete(key: string): Promise<void> {
    await this.sql.run(`DELETE FROM sign_in_throttle WHERE key = ?`, [key]);
  }

  async undo(key: string, maxFailures: number): Promise<void> {
    await this.sql.run(
      `UPDATE sign_in_throttle SET failures = failures - 1,
        blocked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE blocked_until END WHERE key = ? AND failures > 0`,
      [maxFailures, key],
    );
  }

  async prune(quietBefore: number, now: number): Promise<void> {
    await this.sql.run(
      `DELETE FROM sign_in_throttle WHERE last_failure_at < ? AND (blocked_until IS NULL OR blocked_until < ?)`,
      [quietBefore, now],
    );
  }
}
