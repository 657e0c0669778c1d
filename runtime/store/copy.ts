import { sql, type Table } from 'drizzle-orm';
import type { Db } from './db.ts';
import type { PgDb } from './postgres/connect.ts';
import * as lite from './schema/sqlite.ts';
import * as pgSchema from './schema/pg.ts';

/**
 * Tables in an order where every row's parent is copied before it (flows before versions, runs before steps).
 * Not copied: workers (the processes running on the old database, not part of the installation), the
 * request turns and open circuits of downstreams (what the running processes learn again by themselves), and
 * when the periodic alert evaluation last ran (alert_marks).
 */
const TABLES: readonly (readonly [string, Table, Table])[] = [
  ['flows', lite.flows, pgSchema.flows],
  ['flowVersions', lite.flowVersions, pgSchema.flowVersions],
  ['activations', lite.activations, pgSchema.activations],
  ['connections', lite.connections, pgSchema.connections],
  ['connectionSpecs', lite.connectionSpecs, pgSchema.connectionSpecs],
  ['retentionPolicies', lite.retentionPolicies, pgSchema.retentionPolicies],
  ['webhookSignatures', lite.webhookSignatures, pgSchema.webhookSignatures],
  ['runs', lite.runs, pgSchema.runs],
  ['steps', lite.steps, pgSchema.steps],
  ['runPayloads', lite.runPayloads, pgSchema.runPayloads],
  ['triggerDedupe', lite.triggerDedupe, pgSchema.triggerDedupe],
  ['runActions', lite.runActions, pgSchema.runActions],
  ['stepRecoveries', lite.stepRecoveries, pgSchema.stepRecoveries],
  ['users', lite.users, pgSchema.users],
  ['sessions', lite.sessions, pgSchema.sessions],
  ['apiTokens', lite.apiTokens, pgSchema.apiTokens],
  ['auditLog', lite.auditLog, pgSchema.auditLog],
  ['signInThrottle', lite.signInThrottle, pgSchema.signInThrottle],
  ['alertChannels', lite.alertChannels, pgSchema.alertChannels],
  ['alertRules', lite.alertRules, pgSchema.alertRules],
  ['alertIncidents', lite.alertIncidents, pgSchema.alertIncidents],
  ['alertDeliveries', lite.alertDeliveries, pgSchema.alertDeliveries],
  ['lookupTables', lite.lookupTables, pgSchema.lookupTables],
  ['lookupEntries', lite.lookupEntries, pgSchema.lookupEntries],
  ['pollCursors', lite.pollCursors, pgSchema.pollCursors],
  ['versionApprovals', lite.versionApprovals, pgSchema.versionApprovals],
  ['installationSettings', lite.installationSettings, pgSchema.installationSettings],
  ['variables', lite.variables, pgSchema.variables],
];

/** Rows per INSERT (PostgreSQL takes at most 65,535 parameters in one statement). */
const BATCH = 200;

export type CopyCounts = Record<string, number>;

/** What the target already holds that a copy would collide with, or null when it is empty. */
export async function targetProblem(to: PgDb): Promise<string | null> {
  const named = { flows: pgSchema.flows, runs: pgSchema.runs, users: pgSchema.users, auditLog: pgSchema.auditLog };
  for (const [name, table] of Object.entries(named)) {
    const rows = await to
      .select()
      .from(table as never)
      .limit(1);
    if (rows.length) return `the target database is not empty (it has ${name}); copy into a new, empty database`;
  }
  return null;
}

/**
 * Copies every row of an installation from SQLite into a migrated, empty PostgreSQL database in one
 * transaction (all or nothing). Values go through both schemas' drizzle mappings (JSON, booleans, bytes).
 */
export async function copySqliteToPostgres(
  from: Db,
  to: PgDb,
  progress: (table: string, rows: number) => void = () => {},
): Promise<CopyCounts> {
  const counts = {} as CopyCounts;
  await to.transaction(async (tx) => {
    for (const [name, source, target] of TABLES) {
      const rows = from
        .select()
        .from(source as never)
        .all() as Record<string, unknown>[];
      for (let i = 0; i < rows.length; i += BATCH) await tx.insert(target).values(rows.slice(i, i + BATCH) as never);
      counts[name] = rows.length;
      progress(name, rows.length);
    }
    // run_actions.id is an identity column: the next generated id must follow the copied ones.
    await tx.execute(
      sql`SELECT setval(pg_get_serial_sequence('run_actions', 'id'), GREATEST((SELECT MAX(id) FROM run_actions), 1))`,
    );
  });
  return counts;
}
