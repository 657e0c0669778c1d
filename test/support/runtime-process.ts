import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN, ADMIN_AUTH } from './auth.ts';
import { TEST_EGRESS_ALLOW } from './egress.ts';
import { folderPostgres } from './postgres.ts';
import { weftArgs } from './runtime-build.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RuntimeProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** The key every process of a test cluster seals connection secrets with (base64 of 32 bytes). */
export const CLUSTER_SECRET_KEY = Buffer.alloc(32, 0x5a).toString('base64');

/**
 * The environment of one process of a cluster: the PostgreSQL database all of them share and the secret
 * key they share with it (a secret sealed by one process is opened by the others), plus `env`.
 */
export function clusterEnv(databaseUrl: string, env: Record<string, string> = {}): Record<string, string> {
  return { DATABASE_URL: databaseUrl, WEFT_SECRET_KEY: CLUSTER_SECRET_KEY, ...env };
}

/** Runtimes started by this file's tests, by URL: a failed request names the process's state and output. */
const started = new Map<string, RuntimeProcess>();

/**
 * Starts `weft start [args]` (the bundled runtime) as a child process and waits (bounded) until /healthz answers. With
 * WEFT_TEST_STORE=postgres and no DATABASE_URL in `env`, on the PostgreSQL database that stands for `dataDir`.
 */
export async function startRuntime(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<RuntimeProcess> {
  if (process.env.WEFT_TEST_STORE === 'postgres' && env.DATABASE_URL === undefined)
    env = { ...env, DATABASE_URL: await folderPostgres(dataDir) };
  const child = spawn(process.execPath, weftArgs(['start', '--port', String(port), '--data', dataDir, ...args]), {
    cwd: root,
    // Loopback opened in the egress guard: the tests' HTTP stubs listen there.
    env: {
      ...process.env,
      WEFT_EXAMPLES: 'off',
      WEFT_DEMO: 'off',
      WEFT_LOG_LEVEL: 'warn',
      WEFT_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
      WEFT_EGRESS_ALLOW: TEST_EGRESS_ALLOW.join(','),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`runtime exited with ${child.exitCode} before it was ready:\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) {
        const rt = { child, url, output: () => out };
        started.set(url, rt);
        return rt;
      }
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`runtime did not answer /healthz within 30 s:\n${out}`);
}

export async function killHard(p: RuntimeProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}

export async function api<T = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {
    ...ADMIN_AUTH,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
  };
  let res: Response;
  try {
    res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    const rt = started.get(base);
    if (!rt) throw err;
    const state =
      rt.child.exitCode !== null || rt.child.signalCode !== null
        ? `exited (code ${rt.child.exitCode}, signal ${rt.child.signalCode})`
        : 'still running';
    throw new Error(
      `${method} ${path} on the runtime at ${base} failed (${(err as Error).message}; cause: ${String((err as Error).cause)}); the process has ${state}; its last output:\n${rt.output().slice(-4000)}`,
      { cause: err },
    );
  }
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Saves, publishes and activates a flow on a runtime process, failing the test at the first refused step. */
export async function activateFlow(base: string, def: { id: string }): Promise<number> {
  const saved = await api(base, 'POST', '/api/flows', def);
  if (saved.status !== 201) throw new Error(`saving flow ${def.id}: ${saved.status} ${JSON.stringify(saved.body)}`);
  const pub = await api<{ version: number }>(base, 'POST', `/api/flows/${def.id}/publish`, {});
  if (pub.status !== 201) throw new Error(`publishing flow ${def.id}: ${pub.status} ${JSON.stringify(pub.body)}`);
  const act = await api(base, 'POST', `/api/flows/${def.id}/activate`, { version: pub.body.version });
  if (act.status !== 200) throw new Error(`activating flow ${def.id}: ${act.status} ${JSON.stringify(act.body)}`);
  return pub.body.version;
}
