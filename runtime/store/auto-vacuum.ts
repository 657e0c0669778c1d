import type Database from 'better-sqlite3';
import type { Logger } from '../logger.ts';

export interface AutoVacuumOptions {
  /** An existing database without incremental auto-vacuum is converted at open when it is at most this large; 0: never. */
  convertMaxBytes: number;
  logger?: Pick<Logger, 'info' | 'warn'>;
}

const MODES = ['none', 'full', 'incremental'] as const;

export function autoVacuumMode(sqlite: Database.Database): (typeof MODES)[number] {
  return MODES[sqlite.pragma('auto_vacuum', { simple: true }) as number] ?? 'none';
}

/**
 * Call before anything else touches a new database: with incremental auto-vacuum, pages freed by
 * pruning can be handed back to the file system (PRAGMA incremental_vacuum). It only takes effect
 * before the first table is created; on an existing database it is a no-op until a VACUUM.
 */
export function requestIncrementalVacuum(sqlite: Database.Database): void {
  sqlite.pragma('auto_vacuum = INCREMENTAL');
}

/**
 * Converts an existing database created without auto-vacuum by rebuilding it once (VACUUM).
 * VACUUM holds the write lock for the whole rebuild and needs free disk space of about twice the
 * database (a temporary copy and the write-ahead log), so it runs only at open, before this process
 * serves anything, only while no other worker has a live lease on the database, and only up to
 * `convertMaxBytes`; larger databases are left as they are and the log says how to convert them. A failure (another worker busy, disk full) is logged, not fatal:
 * pruning still frees pages for reuse, the file just does not shrink.
 */
export function convertToIncrementalVacuum(sqlite: Database.Database, o: AutoVacuumOptions): boolean {
  if (autoVacuumMode(sqlite) === 'incremental') return false;
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
  const bytes = (sqlite.pragma('page_count', { simple: true }) as number) * pageSize;
  if (bytes > o.convertMaxBytes) {
    o.logger?.warn(
      'the database does not use incremental auto-vacuum, so pruning frees space inside the file but does not shrink it; to convert it once, start with WEFT_VACUUM_CONVERT_MAX_MB above its size at a quiet time',
      { bytes, convertMaxBytes: o.convertMaxBytes },
    );
    return false;
  }
  // Another live worker would wait on the rebuild's write lock longer than its busy timeout.
  const others = sqlite.prepare('SELECT COUNT(*) FROM workers WHERE expires_at > ?').pluck().get(Date.now()) as number;
  if (others > 0) {
    o.logger?.warn(
      'not converting the database to incremental auto-vacuum while another worker uses it; it is converted at a start when no other worker runs',
      { workers: others },
    );
    return false;
  }
  const started = Date.now();
  try {
    sqlite.pragma('auto_vacuum = INCREMENTAL');
    // The rebuilt copy goes to a temporary file, not into memory (temp_store is MEMORY otherwise).
    sqlite.pragma('temp_store = FILE');
    sqlite.exec('VACUUM');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    o.logger?.warn('could not convert the database to incremental auto-vacuum; trying again at the next start', {
      error: (err as Error).message,
    });
    return false;
  } finally {
    sqlite.pragma('temp_store = MEMORY');
  }
  o.logger?.info('converted the database to incremental auto-vacuum (one VACUUM)', {
    bytesBefore: bytes,
    bytesAfter: (sqlite.pragma('page_count', { simple: true }) as number) * pageSize,
    ms: Date.now() - started,
  });
  return autoVacuumMode(sqlite) === 'incremental';
}
