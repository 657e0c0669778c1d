import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateDrizzleJson,
  generateMigration,
  generateSQLiteDrizzleJson,
  generateSQLiteMigration,
} from 'drizzle-kit/api';
import { migrationsFolder } from '../db.ts';
import { pgMigrationsFolder } from '../postgres/connect.ts';
import * as pgTables from './pg.ts';
import * as sqliteTables from './sqlite.ts';

/** The snapshot drizzle-kit wrote with the latest migration in `folder`: the schema the migrations build. */
function latestSnapshot(folder: string) {
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as {
    entries: { idx: number }[];
  };
  const last = journal.entries[journal.entries.length - 1].idx;
  return JSON.parse(readFileSync(join(folder, `meta/${String(last).padStart(4, '0')}_snapshot.json`), 'utf8'));
}

describe('the migrations of each dialect build the schema that schema/ describes', () => {
  it('SQLite: no change is left to generate (npm run db:generate)', async () => {
    const prev = latestSnapshot(migrationsFolder);
    const cur = await generateSQLiteDrizzleJson(sqliteTables, prev.id);
    expect(await generateSQLiteMigration(prev, cur)).toEqual([]);
  });

  it('PostgreSQL: no change is left to generate (npm run db:generate:pg)', async () => {
    const prev = latestSnapshot(pgMigrationsFolder);
    const cur = generateDrizzleJson(pgTables, prev.id);
    expect(await generateMigration(prev, cur)).toEqual([]);
  });
});
