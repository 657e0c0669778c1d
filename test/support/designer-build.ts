// The browser project's global setup (and the bench's canvas cell): builds designer/dist, which the
// runtime serves, once per test run, before any test file starts a runtime.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export default function setup(): void {
  buildDesigner();
}
