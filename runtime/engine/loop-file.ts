import { jsonLineValues } from '../../shared/json-lines.ts';
import type { FileRef } from '../../shared/file-ref.ts';
import type { RunFiles } from '../files/run-files.ts';

/**
 * The items of a loop over a JSON Lines file, read by cursor: the file is streamed chunk by chunk from
 * where the last read stopped, so memory holds one chunk and one batch however long the file. A read
 * behind the cursor (a failed item's, when the loop ends) opens the file again; one after a restart
 * passes over the items before it without keeping them. Reads take turns, in the order asked.
 */
export class LoopItemReader {
  private it: AsyncIterator<unknown> | null = null;
  private at = 0;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly open: () => AsyncIterable<unknown>) {}

  static of(files: RunFiles, runId: string, loopId: string, file: FileRef): LoopItemReader {
    return new LoopItemReader(() =>
      jsonLineValues(files.read(runId, file), `items file "${file.name}" of loop "${loopId}"`),
    );
  }

  /** Up to `n` items from item `index` on. */
  take(index: number, n: number): Promise<unknown[]> {
    const read = this.turn.then(() => this.read(index, n));
    this.turn = read.catch(() => undefined);
    return read;
  }

  /** Lets the file go (after the reads already asked). */
  close(): void {
    this.turn = this.turn.then(() => this.reset());
  }

  private async read(index: number, n: number): Promise<unknown[]> {
    if (!this.it || index < this.at) {
      await this.reset();
      this.it = this.open()[Symbol.asyncIterator]();
    }
    const it = this.it;
    while (this.at < index) {
      if ((await it.next()).done) return [];
      this.at++;
    }
    const out: unknown[] = [];
    while (out.length < n) {
      const r = await it.next();
      if (r.done) break;
      out.push(r.value);
      this.at++;
    }
    return out;
  }

  private async reset(): Promise<void> {
    const it = this.it;
    this.it = null;
    this.at = 0;
    await it?.return?.();
  }
}
