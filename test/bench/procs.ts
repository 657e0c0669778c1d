// Child processes for the bench: spawn with a bounded readiness wait, /proc memory readings, bounded kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last lines the child printed (stdout and stderr), for error messages. */
  tail(): string;
}

const TSX = ['--no-node-snapshot', '--import', 'tsx'];

/** Every child started and not yet exited, so the bench can stop all of them however it ends. */
const running = new Set<Child>();

export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []): Child {
  // Plain JavaScript (the bundled runtime) runs without the TypeScript loader, as `npm start` does.
  const loader = args[0]?.endsWith('.mjs') ? ['--no-node-snapshot'] : TSX;
  const proc = spawn(process.execPath, [...nodeFlags, ...loader, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not start`);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.length > 0),
    );
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const child: Child = { name, proc, pid: proc.pid, tail: () => lines.join('\n') };
  running.add(child);
  proc.once('exit', () => running.delete(child));
  return child;
}

/** Waits for the {"ready":true,"port":N} line a stub or baseline prints; rejects on exit or timeout. */
export function waitReadyLine(c: Child, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const done = (err: Error | null, port?: number) => {
      clearTimeout(timer);
      c.proc.stdout!.off('data', onData);
      c.proc.off('exit', onExit);
      if (err) reject(err);
      else resolve(port!);
    };
    const onData = (chunk: Buffer) => {
      buf += chunk.toString('utf8');
      const m = /\{"ready":true,"port":(\d+)\}/.exec(buf);
      if (m) done(null, Number(m[1]));
    };
    const onExit = (code: number | null) =>
      done(new Error(`${c.name} exited (code ${code}) before it was ready:\n${c.tail()}`));
    const timer = setTimeout(
      () => done(new Error(`${c.name} was not ready within ${timeoutMs} ms:\n${c.tail()}`)),
      timeoutMs,
    );
    c.proc.stdout!.on('data', onData);
    c.proc.once('exit', onExit);
  });
}

/** Polls GET url until 200, every 100 ms, at most `timeoutMs`. */
export async function waitHttpOk(c: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (c.proc.exitCode !== null)
      throw new Error(`${c.name} exited (code ${c.proc.exitCode}) before ${url} answered:\n${c.tail()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${c.name}: ${url} did not answer 200 within ${timeoutMs} ms:\n${c.tail()}`);
}

export { freePort } from '../support/runtime-process.ts';

/** VmRSS and VmHWM of a process, in MB. */
export function memoryMb(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used so far, in seconds (assumes 100 clock ticks per second); NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return NaN;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14 and 15 of stat
}

/** Busy CPU time of the whole machine so far (all cores, not idle or iowait), in seconds. */
export function machineCpuSeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

/** Resets VmHWM to the current RSS (Linux clear_refs "5"); false when not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited (or after a hard limit). */
export function stopChild(c: Child, graceMs = 12_000): Promise<void> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => c.proc.kill('SIGKILL'), graceMs);
    const giveUp = setTimeout(() => resolve(), graceMs + 3000);
    c.proc.once('exit', () => {
      clearTimeout(kill);
      clearTimeout(giveUp);
      resolve();
    });
    c.proc.kill('SIGTERM');
  });
}

/** Stops every child still running (those of finished parts stopped themselves). */
export function stopAll(): Promise<void> {
  return Promise.all([...running].map((c) => stopChild(c))).then(() => {});
}
