import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Weft } from '../../runtime/weft.ts';
import { freePort, killHard, type RuntimeProcess, startRuntime } from './runtime-process.ts';
import { testWeft } from './weft.ts';

/**
 * A `weft start` process on a data folder of its own, for the kill -9 tests: killed and started again on
 * the same folder and port (so senders keep their URL), its store opened in the test once it is gone.
 */
export class CrashTarget {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    private proc: RuntimeProcess | null,
  ) {}

  /** Starts the first process on a new folder named `weft-<name>-…` under the system's temporary folder. */
  static async start(name: string, env: Record<string, string> = {}): Promise<CrashTarget> {
    const dir = mkdtempSync(join(tmpdir(), `weft-${name}-`));
    try {
      const port = await freePort();
      return new CrashTarget(dir, port, env, await startRuntime(dir, port, env));
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The running process; fails when it was killed and not started again. */
  get rt(): RuntimeProcess {
    if (!this.proc) throw new Error(`no runtime is running on ${this.dir}`);
    return this.proc;
  }

  get url(): string {
    return this.rt.url;
  }

  /** kill -9 of the running process, resolved once it has exited. */
  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (p) await killHard(p);
  }

  /** kill -9 of the running process, then a new one on the same folder and port, once it answers /healthz. */
  async restart(): Promise<RuntimeProcess> {
    await this.kill();
    this.proc = await startRuntime(this.dir, this.port, this.env);
    return this.proc;
  }

  /** The folder's store opened in the test (the process is killed first), to read what the processes stored. */
  async open(): Promise<Weft> {
    await this.kill();
    return testWeft({ config: { dataDir: this.dir } });
  }

  /** Kills the process if one runs and removes the folder (for afterAll). */
  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
