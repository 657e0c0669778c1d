/**
 * The package as an installation gets it: `npm pack` (its prepack builds the designer and the runtime),
 * then `npm install --omit=dev` of the tarball in an empty folder, then `weft start` from there.
 * Checks that no build tool was installed, that the installation starts clean, serves the designer and
 * runs sandboxed code (isolated-vm built and loaded), and that `--demo` finds the shipped example flows.
 *
 *   npm run test:package      (takes minutes: the native modules compile during the install)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/runtime-process.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';
import { flow, n } from '../support/flows.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Build and test tools that an installation must not get. */
const BUILD_TOOLS = ['tsx', 'esbuild', 'vite', 'drizzle-kit', 'typescript', 'vitest'];
const MINUTE = 60_000;

function check(ok: unknown, what: string): void {
  if (!ok) throw new Error(`package check failed: ${what}`);
  console.log(`  ok  ${what}`);
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): void {
  console.log(`--- ${cmd} ${args.join(' ')}   (in ${cwd})`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', timeout: timeoutMs });
}

/** Every file under `dir` (relative paths). */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** `weft start` of the installation, in its folder, with none of the caller's Weft or Node settings. */
async function startInstalled(app: string, dataDir: string, env: Record<string, string>, args: string[] = []) {
  const port = await freePort();
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('WEFT_') && k !== 'NODE_OPTIONS'),
  );
  const child = spawn(
    join(app, 'node_modules/.bin/weft'),
    ['start', '--port', String(port), '--data', dataDir, ...args],
    {
      cwd: app,
      env: { ...clean, WEFT_BOOTSTRAP_TOKEN: ADMIN_TOKEN, WEFT_LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + MINUTE;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`weft start exited with ${child.exitCode}:\n${out}`);
    const res = await fetch(`${url}/healthz`).catch(() => null);
    if (res?.ok) {
      const body = (await res.json()) as { status?: string };
      check(body.status === 'ok', `/healthz answers {"status":"ok"} (${JSON.stringify(body)})`);
      return { child, url, output: () => out } satisfies Started;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`weft start did not answer /healthz within a minute:\n${out}`);
}

/** SIGTERM, as a service manager stops it; the process must exit 0 within the shutdown grace. */
async function stop(p: Started): Promise<void> {
  if (p.child.exitCode !== null) throw new Error(`weft start had already exited:\n${p.output()}`);
  const exited = new Promise<number | null>((resolve) => p.child.once('exit', (code) => resolve(code)));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
  const code = await exited;
  clearTimeout(timer);
  check(code === 0, `weft start stops on SIGTERM with exit code 0 (got ${code})`);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: ADMIN_AUTH });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function checkClean(app: string, data: string): Promise<void> {
  const demoPort = await freePort();
  const rt = await startInstalled(app, data, { WEFT_DEMO_PORT: String(demoPort) });
  try {
    const index = await fetch(`${rt.url}/`);
    const html = await index.text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    check(index.ok && html.includes('<div id="root">') && script, "the designer's built index.html is served at /");
    const asset = await fetch(rt.url + script);
    await asset.arrayBuffer();
    check(
      asset.ok && /javascript/.test(asset.headers.get('content-type') ?? ''),
      `the designer's script ${script} is served`,
    );
    const { flows } = await getJson<{ flows: unknown[] }>(`${rt.url}/api/flows`);
    check(flows.length === 0, `a plain weft start has no flows (has ${flows.length})`);
    const systems = await fetch(`http://127.0.0.1:${demoPort}/erp/admin/stats`).catch(() => null);
    check(systems === null, 'a plain weft start runs no sample systems');

    const def = flow('sandboxed', { in: n.manual(), js: { type: 'code.js', config: { code: 'return input.a * 2' } } }, [
      'in>js',
    ]);
    const created = await fetch(`${rt.url}/api/flows`, {
      method: 'POST',
      headers: { ...ADMIN_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify(def),
    });
    check(created.status === 201, `a flow is saved (${created.status})`);
    const tested = await fetch(`${rt.url}/api/flows/sandboxed/test`, {
      method: 'POST',
      headers: { ...ADMIN_AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ input: { a: 21 } }),
    });
    const result = (await tested.json()) as { status: string; steps: { nodeId: string; output?: unknown }[] };
    check(
      result.status === 'succeeded' && result.steps.find((s) => s.nodeId === 'js')?.output === 42,
      `a code.js step runs in the sandbox (${JSON.stringify(result).slice(0, 300)})`,
    );
  } finally {
    await stop(rt);
  }
}

async function checkDemo(app: string, data: string): Promise<void> {
  const demoPort = await freePort();
  const rt = await startInstalled(app, data, { WEFT_DEMO_PORT: String(demoPort) }, ['--demo']);
  try {
    const { flows } = await getJson<{ flows: unknown[] }>(`${rt.url}/api/flows`);
    const shipped = readdirSync(join(root, 'flows')).filter((f) => f.endsWith('.json')).length;
    check(flows.length === shipped, `weft start --demo loads the ${shipped} shipped example flows (${flows.length})`);
    const systems = await fetch(`http://127.0.0.1:${demoPort}/erp/admin/stats`);
    await systems.arrayBuffer();
    check(systems.ok, 'weft start --demo runs the sample systems');
  } finally {
    await stop(rt);
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'weft-package-'));
  try {
    run('npm', ['pack', '--pack-destination', tmp], root, 10 * MINUTE);
    const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack left no tarball in ${tmp}`);
    const app = join(tmp, 'installation');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'weft-installation', private: true }));
    run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', join(tmp, tarball)], app, 20 * MINUTE);

    const modules = join(app, 'node_modules');
    for (const tool of BUILD_TOOLS) check(!existsSync(join(modules, tool)), `${tool} is not installed`);
    const shipped = filesUnder(join(modules, 'weft'));
    const typescript = shipped.filter((f) => /\.(ts|tsx)$/.test(f));
    check(typescript.length === 0, `the package holds no TypeScript sources (${typescript.slice(0, 5).join(', ')})`);
    for (const f of [
      'runtime/dist/weft.mjs',
      'runtime/dist/span-export-worker.mjs',
      'designer/dist/index.html',
      'runtime/store/migrations/meta/_journal.json',
    ])
      check(shipped.includes(f), `the package holds ${f}`);

    await checkClean(app, join(tmp, 'data-clean'));
    await checkDemo(app, join(tmp, 'data-demo'));
    console.log('package check passed');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exitCode = 1;
});
