import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `weft <args>` as a user would; returns its exit code and everything it printed. */
export function weftCli(args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, ['--no-node-snapshot', '--import', 'tsx', 'runtime/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, ...env } });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}
