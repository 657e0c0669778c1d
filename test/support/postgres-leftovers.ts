import pg from 'pg';
import { postgresAdminUrl } from './postgres.ts';

/** Whether process `pid` still runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Drops the test databases (weft_test_<pid>_…) whose test process has ended and that nobody is connected
 * to: those that stood for a data folder a test left behind, or of a run that was killed.
 */
export async function dropLeftoverDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch {
    return; // No test server: nothing to tidy.
  }
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'weft\\_test\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^weft_test_(\d+)_/.exec(datname)?.[1]);
      if (!pid || alive(pid)) continue;
      // Not forced: a database someone is connected to stays.
      await admin.query(`DROP DATABASE IF EXISTS "${datname}"`).catch(() => undefined);
    }
  } finally {
    await admin.end();
  }
}

/** vitest global set-up of the postgres project: tidies before the run and after it. */
export default async function setup(): Promise<() => Promise<void>> {
  await dropLeftoverDatabases();
  return dropLeftoverDatabases;
}
