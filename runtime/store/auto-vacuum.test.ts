import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb } from './db.ts';
import { autoVacuumMode } from './auto-vacuum.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A database as an earlier Weft left it: WAL, no auto-vacuum, some data. */
function legacyDatabase(): string {
  dir = mkdtempSync(join(tmpdir(), 'weft-autovacuum-'));
  const file = join(dir, 'weft.db');
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  old.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)`);
  old.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
  old.close();
  return file;
}

function logs() {
  const lines: string[] = [];
  return {
    lines,
    logger: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`) },
  };
}

describe('incremental auto-vacuum', () => {
  it('a new database gets it before its first table', () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-autovacuum-'));
    const db = openDb({ file: join(dir, 'weft.db') });
    expect(autoVacuumMode(db.$client)).toBe('incremental');
    db.$client.close();
  });

  it('an existing database is converted once at open (VACUUM), keeping its data, when it is small enough', () => {
    const file = legacyDatabase();
    const log = logs();
    const db = openDb({ file, autoVacuum: { convertMaxBytes: 1024 * 1024, logger: log.logger } });
    expect(autoVacuumMode(db.$client)).toBe('incremental');
    expect(db.$client.prepare('SELECT text FROM notes').pluck().get()).toBe('kept');
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(log.lines).toEqual([expect.stringMatching(/^info converted the database to incremental auto-vacuum/)]);
    db.$client.close();
    // Converted for good: the next open has nothing to do.
    const again = logs();
    openDb({ file, autoVacuum: { convertMaxBytes: 1024 * 1024, logger: again.logger } }).$client.close();
    expect(again.lines).toEqual([]);
  });

  it('a database above the limit is left as it is, and the log says how to convert it', () => {
    const file = legacyDatabase();
    const log = logs();
    const db = openDb({ file, autoVacuum: { convertMaxBytes: 0, logger: log.logger } });
    expect(autoVacuumMode(db.$client)).toBe('none');
    expect(log.lines).toEqual([expect.stringMatching(/^warn .*WEFT_VACUUM_CONVERT_MAX_MB/)]);
    db.$client.close();
  });

  it('is not converted while another worker holds a live lease on it', () => {
    const file = legacyDatabase();
    const first = openDb({ file, autoVacuum: { convertMaxBytes: 0 } });
    first.$client
      .prepare('INSERT INTO workers (id, host, pid, started_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run('other', 'h', 1, Date.now(), Date.now() + 60_000);
    first.$client.close();
    const log = logs();
    const db = openDb({ file, autoVacuum: { convertMaxBytes: 1024 * 1024, logger: log.logger } });
    expect(autoVacuumMode(db.$client)).toBe('none');
    expect(log.lines).toEqual([expect.stringMatching(/^warn not converting .* while another worker uses it/)]);
    db.$client.close();
  });
});
