import type Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import type { DatabaseSize } from '../../../shared/retention.ts';
import { autoVacuumMode } from '../auto-vacuum.ts';
import type { DatabaseSpace } from '../retention-store.ts';

/** Pages handed back per incremental_vacuum statement: at 4 KiB pages, 8 MiB per write lock. */
export const VACUUM_CHUNK_PAGES = 2048;

const pragma = (sqlite: Database.Database, name: string) => sqlite.pragma(name, { simple: true }) as number;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The SQLite database at `file` (':memory:' has no files): its pages, and handing free ones back. */
export class SqliteSpace implements DatabaseSpace {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly file: string,
  ) {}

  /** Pages, free pages and file sizes. */
  async size(): Promise<DatabaseSize> {
    const { sqlite, file } = this;
    const pageSize = pragma(sqlite, 'page_size');
    const pageCount = pragma(sqlite, 'page_count');
    const onDisk = file !== ':memory:';
    return {
      pageSize,
      pageCount,
      freelistPages: pragma(sqlite, 'freelist_count'),
      bytes: pageSize * pageCount,
      fileBytes: onDisk ? fileSize(file) : null,
      walBytes: onDisk ? fileSize(`${file}-wal`) : null,
      autoVacuum: autoVacuumMode(sqlite),
    };
  }

  /**
   * Gives free pages back to the file system, a chunk per statement with a turn of the event loop in
   * between, so writers wait at most one chunk; then checkpoints the write-ahead log and truncates it,
   * which is when the database file itself shrinks. Returns the pages handed back.
   */
  async reclaim(shouldStop: () => boolean): Promise<number> {
    const { sqlite } = this;
    let freed = 0;
    if (autoVacuumMode(sqlite) === 'incremental') {
      const start = pragma(sqlite, 'page_count');
      // Bounded: each round frees up to a chunk; the extra rounds cover pages freed meanwhile by other writes.
      for (
        let round = Math.ceil(pragma(sqlite, 'freelist_count') / VACUUM_CHUNK_PAGES) + 2;
        round > 0 && !shouldStop();
        round--
      ) {
        if (pragma(sqlite, 'freelist_count') === 0) break;
        sqlite.pragma(`incremental_vacuum(${VACUUM_CHUNK_PAGES})`);
        await new Promise((r) => setImmediate(r));
      }
      freed = Math.max(0, start - pragma(sqlite, 'page_count'));
    }
    // Another worker's open read or write makes the checkpoint wait; wait briefly, not the usual busy timeout.
    const busy = pragma(sqlite, 'busy_timeout');
    sqlite.pragma('busy_timeout = 200');
    try {
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      sqlite.pragma(`busy_timeout = ${busy}`);
    }
    return freed;
  }
}
