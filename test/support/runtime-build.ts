// Global setup of the projects whose tests start `weft` processes: the processes run the bundled runtime
// (runtime/dist/weft.mjs, what the `weft` command runs), built here once per test run when its sources
// changed since the last build, instead of compiling the TypeScript sources at every process start.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtAfterSources } from './build-freshness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DIST = 'runtime/dist';
export const runtimeBundle = join(root, DIST, 'weft.mjs');

/** What the bundle is built from (as in runtime/cli/build-if-stale.mjs). */
const SOURCES = ['runtime', 'nodes', 'shared', 'flows/systems', 'flows/demo', 'package.json'];

/** The arguments of `weft <args>` run as the installed command runs it: node without its snapshot, on the bundle. */
export function weftArgs(args: string[]): string[] {
  if (!existsSync(runtimeBundle))
    throw new Error(
      `${runtimeBundle} is missing: run the tests through vitest, whose global setup (test/support/runtime-build.ts) builds it, or npm run build:runtime`,
    );
  return ['--no-node-snapshot', runtimeBundle, ...args];
}

/**
 * Builds the runtime as `npm run build:runtime` does (its esbuild arguments, read from package.json), into a
 * folder of its own first; each file then replaces the old one in one rename, so a process started meanwhile
 * by another test run reads a whole bundle, old or new.
 */
export function buildRuntime(): void {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts['build:runtime'];
  if (!script?.startsWith('esbuild '))
    throw new Error(`package.json's build:runtime is not an esbuild command: ${script}`);
  const staging = join(DIST, `.build-${process.pid}-${Date.now()}`);
  const args = script
    .split(/\s+/)
    .slice(1)
    .map((a) => (a.startsWith('--outdir=') ? `--outdir=${staging}` : a));
  if (!args.includes(`--outdir=${staging}`))
    throw new Error(`package.json's build:runtime names no --outdir: ${script}`);
  mkdirSync(join(root, staging), { recursive: true });
  // Dated when the build began: a source saved while it ran is newer, and the next run builds again.
  const began = new Date();
  try {
    execFileSync(join(root, 'node_modules/.bin/esbuild'), args, { cwd: root, stdio: 'inherit', timeout: 120_000 });
    for (const file of readdirSync(join(root, staging))) {
      utimesSync(join(root, staging, file), began, began);
      renameSync(join(root, staging, file), join(root, DIST, file));
    }
  } finally {
    rmSync(join(root, staging), { recursive: true, force: true });
  }
}

export default function setup(): void {
  if (!builtAfterSources(root, `${DIST}/weft.mjs`, SOURCES)) buildRuntime();
}
