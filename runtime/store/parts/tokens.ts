import { apiTokens } from '../schema.ts';
import { columnKeys, insertSql, selectList } from '../columns.ts';
import type { TokenRow, TokenStore } from '../token-store.ts';
import type { Sql } from '../sql.ts';

const KEYS = columnKeys(apiTokens);
const COLUMNS = selectList(apiTokens);
const INSERT = insertSql(apiTokens);

/** API tokens, in the SQL both dialects speak. */
export class SqlTokenStore implements TokenStore {
  constructor(private readonly sql: Sql) {}

  async insert(row: TokenRow): Promise<void> {
    await this.sql.run(
      INSERT,
      KEYS.map((k) => row[k]),
    );
  }

  list(): Promise<TokenRow[]> {
    return this.sql.all(`SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, id`);
  }

  byId(id: string): Promise<TokenRow | undefined> {
    return this.sql.get(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`, [id]);
  }

  byHash(tokenHash: string): Promise<TokenRow | undefined> {
    return this.sql.get(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`, [tokenHash]);
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.sql.run(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, [at, id]);
  }

  async touch(id: string, at: number, since: number): Promise<void> {
    await this.sql.run(
      `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)`,
      [at, id, since],
    );
  }

  async count(): Promise<number> {
    const r = await this.sql.get<{ n: unknown }>(`SELECT COUNT(*) AS n FROM api_tokens`);
    return Number(r?.n ?? 0);
  }

  async liveAdmins(): Promise<number> {
    const r = await this.sql.get<{ n: unknown }>(
      `SELECT COUNT(*) AS n FROM api_tokens WHERE role = 'admin' AND revoked_at IS NULL`,
    );
    return Number(r?.n ?? 0);
  }
}
