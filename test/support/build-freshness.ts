import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = /\.(ts|tsx|mts|js|mjs|json|css|html|svg|sql)$/;
const NOT_SOURCE = /\.test\.tsx?$/;
const SKIP_DIRS = new Set(['dist', 'node_modules']);

/** The newest modification time among the source files under `path` (folders are walked; tests are not sources). */
function newest(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return SOURCE.test(path) && !NOT_SOURCE.test(path) ? st.mtimeMs : 0;
  let max = 0;
  for (const entry of readdirSync(path)) if (!SKIP_DIRS.has(entry)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

/**
 * Whether `output` was written after every source under `sources` (paths under `root`) last changed: the same
 * rule as `npm start`'s runtime/cli/build-if-stale.mjs, so a build `npm run build` just made is not made again.
 */
export function builtAfterSources(root: string, output: string, sources: string[]): boolean {
  const built = statSync(join(root, output), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return built > 0 && built >= Math.max(...sources.map((s) => newest(join(root, s))));
}
