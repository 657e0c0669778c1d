// PostgreSQL for the bench: an empty database per Weft target (weft_bench_<pid>_<n>, migrated by the runtime
// as it starts, dropped at the end), and the server processes working for them (for the CPU figures).
import pg from 'pg';
import { postgresAdminUrl } from '../support/postgres.ts';

export interface BenchDatabase {
  name: string;
  url: string;
}

let admin: pg.Client | null = null;
let made = 0;
const databases: string[] = [];

async function adminClient(): Promise<pg.Client> {
  if (admin) return admin;
  const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {
    // A broken admin connection is replaced on the next query.
    if (admin === client) admin = null;
  });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL at ${redacted(postgresAdminUrl)} does not answer: ${(err as Error).message}`);
  }
  admin = client;
  return client;
}

const redacted = (url: string) => url.replace(/\/\/[^@/]*@/, '//…@');

/** Creates an empty database for one Weft target; `dropBenchDatabases` removes it. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `weft_bench_${process.pid}_${++made}`;
  const client = await adminClient();
  databases.push(name);
  await client.query(`CREATE DATABASE "${name}"`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

/**
 * Process ids of the server processes working for the bench: the connections to its databases and the
 * server's own background processes (WAL writer, checkpointer, …), which write for every database.
 */
export async function postgresPids(): Promise<number[]> {
  if (databases.length === 0) return [];
  const r = await (await adminClient()).query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE (datname = ANY($1) OR (datname IS NULL AND backend_type <> 'client backend'))
       AND pid <> pg_backend_pid()`,
    [databases],
  );
  return r.rows.map((row) => row.pid);
}

/** Ends every connection to the bench's databases, drops them and closes the admin connection. */
export async function dropBenchDatabases(): Promise<void> {
  const names = databases.splice(0);
  const failures: string[] = [];
  for (const name of names) {
    try {
      await (await adminClient()).query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
  }
  const client = admin;
  admin = null;
  await client?.end().catch(() => {});
  if (failures.length) throw new Error(`could not drop ${failures.join('; ')}`);
}
