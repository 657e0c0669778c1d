// The browser project's global setup (and the bench's canvas cell): builds designer/dist, which the
// runtime serves, once per test run, before any test file starts a runtime; the global setup leaves a
// build alone that is newer than every designer source (npm run build made it just before the tests).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtAfterSources } from './build-freshness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const designerIndex = join(root, 'designer/dist/index.html');

/** A production build, as users get it (the test runner's NODE_ENV=test would bundle React's development build). */
export function buildDesigner(): void {
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    timeout: 180_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (!existsSync(designerIndex)) throw new Error(`vite build finished without ${designerIndex}`);
}

/** What the designer is built from (as in runtime/cli/build-if-stale.mjs). */
const SOURCES = ['designer', 'shared', 'vite.config.ts', 'package-lock.json'];

export default function setup(): void {
  if (!builtAfterSources(root, 'designer/dist/index.html', SOURCES)) buildDesigner();
}
