import { getTableColumns } from 'drizzle-orm';
import { sessions, users } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { IdentityStore, SessionRow, SessionUser, UserChange, UserRow } from '../identity-store.ts';
import type { Sql } from '../sql.ts';

const USER_KEYS = columnKeys(users);
const USER_COLUMNS = selectList(users);
const INSERT_USER = insertSql(users);
const SESSION_KEYS = columnKeys(sessions);
const INSERT_SESSION = insertSql(sessions);
const USER_COLUMN_NAMES = getTableColumns(users);

/** Users and sessions, in the SQL both dialects speak. */
export class SqlIdentityStore implements IdentityStore {
  constructor(private readonly sql: Sql) {}

  async countUsers(): Promise<number> {
    const r = await this.sql.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM users`);
    return Number(r?.n ?? 0);
  }

  async activeAdmins(): Promise<number> {
    const r = await this.sql.get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled_at IS NULL`,
    );
    return Number(r?.n ?? 0);
  }

  listUsers(): Promise<UserRow[]> {
    return this.sql.all(`SELECT ${USER_COLUMNS} FROM users ORDER BY created_at, id`);
  }

  userById(id: string): Promise<UserRow | undefined> {
    return this.sql.get(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
  }

  userByEmail(email: string): Promise<UserRow | undefined> {
    return this.sql.get(`SELECT ${USER_COLUMNS} FROM users WHERE email = ?`, [email]);
  }

  async insertUser(row: UserRow): Promise<void> {
    await this.sql.run(
      INSERT_USER,
      USER_KEYS.map((k) => row[k]),
    );
  }

  async updateUser(id: string, change: UserChange): Promise<void> {
    const keys = (Object.keys(change) as (keyof UserChange)[]).filter((k) => change[k] !== undefined);
    if (!keys.length) return;
    const set = keys.map((k) => `"${USER_COLUMN_NAMES[k].name}" = ?`).join(', ');
    await this.sql.run(`UPDATE users SET ${set} WHERE id = ?`, [...keys.map((k) => change[k]), id]);
  }

  async insertSession(row: SessionRow): Promise<void> {
    await this.sql.run(
      INSERT_SESSION,
      SESSION_KEYS.map((k) => row[k]),
    );
  }

  sessionUser(tokenHash: string): Promise<SessionUser | undefined> {
    return this.sql.get(
      `SELECT s.csrf AS "csrf", s.expires_at AS "expiresAt", u.id AS "userId", u.email AS "email", u.role AS "role",
        u.disabled_at AS "disabledAt"
      FROM sessions s LEFT JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      [tokenHash],
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.sql.run(`DELETE FROM sessions WHERE token_hash = ?`, [tokenHash]);
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.sql.run(`DELETE FROM sessions WHERE user_id = ?`, [userId]);
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.sql.run(`DELETE FROM sessions WHERE expires_at < ?`, [now]);
  }
}
