#!/usr/bin/env -S node --no-node-snapshot
// Entry point of the `weft` command: runs the bundled runtime (runtime/dist/weft.mjs, built by
// `npm run build` and shipped in the package), so an installation needs no TypeScript tooling.
// isolated-vm needs node's --no-node-snapshot; when started without it, the command starts itself again with it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/weft.mjs', import.meta.url);

if (!existsSync(bundle)) {
  console.error(`weft: ${fileURLToPath(bundle)} is missing: build the runtime first (npm run build)`);
  process.exit(1);
} else if (!process.execArgv.includes('--no-node-snapshot')) {
  const child = spawn(
    process.execPath,
    ['--no-node-snapshot', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await import(bundle.href);
}
