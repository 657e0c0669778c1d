import { execFile, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { weftArgs } from './runtime-build.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `weft <args>` as a user would (the bundled runtime); returns its exit code and everything it printed. */
export function weftCli(args: string[], env: Record<string, string> = {}): { code: number; out: string } {
  try {
    const out = execFileSync(process.execPath, weftArgs(args), {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, ...env },
    });
    return { code: 0, out };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: e.stdout + e.stderr };
  }
}

/** `weft <args>` as a child process that leaves this process's event loop free (for commands run under load). */
export function weftCliAsync(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      weftArgs(args),
      { cwd: root, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({
          code,
          out: stdout,
          err: stderr + (error && typeof error.code !== 'number' ? `\n${error.message}` : ''),
        });
      },
    );
  });
}
