// Builds what `npm start` serves — the designer (designer/dist) and the bundled runtime
// (runtime/dist/weft.mjs) — only when it is missing or older than its sources, so a start
// after no change to the code builds nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What each build reads (folders are walked; tests and build output are not sources). */
const builds = [
  {
    name: 'designer',
    output: 'designer/dist/index.html',
    sources: ['designer', 'shared', 'vite.config.ts', 'package-lock.json'],
    script: 'build:designer',
  },
  {
    name: 'runtime',
    output: 'runtime/dist/weft.mjs',
    sources: ['runtime', 'nodes', 'shared', 'flows/systems', 'flows/demo', 'package.json'],
    script: 'build:runtime',
  },
];

const SOURCE = /\.(ts|tsx|mts|js|mjs|json|css|html|svg|sql)$/;
const NOT_SOURCE = /\.test\.tsx?$/;
const SKIP_DIRS = new Set(['dist', 'node_modules']);

/** The newest modification time among the source files under `path`. */
function newest(path) {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return SOURCE.test(path) && !NOT_SOURCE.test(path) ? st.mtimeMs : 0;
  let max = 0;
  for (const entry of readdirSync(path)) {
    if (!SKIP_DIRS.has(entry)) max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

for (const b of builds) {
  const output = join(root, b.output);
  const built = existsSync(output) ? statSync(output).mtimeMs : 0;
  const changed = Math.max(...b.sources.map((s) => newest(join(root, s))));
  if (built >= changed) continue;
  console.log(`building the ${b.name} (${built ? 'sources changed since the last build' : 'not built yet'})`);
  execFileSync('npm', ['run', '-s', b.script], { cwd: root, stdio: 'inherit' });
}
