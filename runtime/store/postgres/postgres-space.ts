import type pg from 'pg';
import type { DatabaseSize } from '../../../shared/retention.ts';
import type { DatabaseSpace } from '../retention-store.ts';

/**
 * The PostgreSQL database's size. Space freed by a prune is reused by the server's own (auto)vacuum;
 * handing it back to the file system (VACUUM FULL) locks tables and is left to the database's operators.
 */
export class PostgresSpace implements DatabaseSpace {
  constructor(private readonly pool: pg.Pool) {}

  async size(): Promise<DatabaseSize> {
    const { rows } = await this.pool.query<{ bytes: string; block: string }>(
      `SELECT pg_database_size(current_database())::text AS bytes, current_setting('block_size') AS block`,
    );
    const bytes = Number(rows[0].bytes);
    const pageSize = Number(rows[0].block);
    return {
      pageSize,
      pageCount: Math.ceil(bytes / pageSize),
      freelistPages: 0,
      bytes,
      fileBytes: null,
      walBytes: null,
      autoVacuum: 'none',
    };
  }

  async reclaim(): Promise<number> {
    return 0;
  }
}
