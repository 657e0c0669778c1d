import { createHash } from 'node:crypto';
import { WeftError } from '../../shared/errors.ts';
import {
  FILE_CHUNK_BYTES,
  FileErrorCodes,
  isFileRef,
  type FileContent,
  type FileRef,
  type RunFilesApi,
} from '../../shared/file-ref.ts';
import type { Store } from '../store/ports.ts';
import { unavailableFailure } from '../store/store-failure.ts';
import { newId } from '../engine/ids.ts';
import { chunksOf, piecesOf } from './chunker.ts';

/** How many runs up a body run's ancestry is followed (loops nested this deep are refused by far earlier). */
const MAX_DEPTH = 32;

/**
 * The files of runs, kept in the store chunk by chunk (`run_files`, `file_chunks`): written and read one
 * chunk at a time, so memory stays at a chunk whatever the file's size, and any process of the
 * installation reads what another wrote. A file belongs to its run; a loop's body runs belong to their
 * run, so they and it read each other's files. Any other run's file is refused.
 */
export class RunFiles {
  constructor(
    private readonly store: Pick<Store, 'files' | 'write'>,
    private readonly now: () => number,
    private readonly chunkBytes = FILE_CHUNK_BYTES,
  ) {}

  /** The files API of one run, as its steps get it. */
  forRun(runId: string): RunFilesApi {
    return {
      write: (name, contentType, content) => this.write(runId, name, contentType, content),
      read: (ref) => this.read(runId, ref),
    };
  }

  async write(runId: string, name: string, contentType: string, content: FileContent): Promise<FileRef> {
    const id = newId('file', this.now());
    await this.commit(() =>
      this.store.write((tx) => tx.files.create({ id, runId, name, contentType, createdAt: this.now() })),
    );
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    for await (const chunk of chunksOf(piecesOf(content), this.chunkBytes)) {
      hash.update(chunk);
      size += chunk.byteLength;
      const n = seq++;
      await this.commit(() => this.store.write((tx) => tx.files.putChunk(id, n, chunk)));
    }
    const sha256 = hash.digest('hex');
    await this.commit(() => this.store.write((tx) => tx.files.finish(id, size, seq, sha256)));
    return { $weftFile: id, name, size, contentType, sha256 };
  }

  async *read(runId: string, ref: FileRef): AsyncIterable<Buffer> {
    if (!isFileRef(ref))
      throw new WeftError(FileErrorCodes.notFound, `not a file reference: ${JSON.stringify(ref)?.slice(0, 200)}`);
    const id = ref.$weftFile;
    const row = await this.store.files.get(id);
    if (!row)
      throw new WeftError(
        FileErrorCodes.notFound,
        `file "${ref.name}" (${id}) does not exist: never written or removed with its run`,
      );
    if (!(await this.sameRun(runId, row.runId)))
      throw new WeftError(
        FileErrorCodes.otherRun,
        `file "${ref.name}" (${id}) belongs to another run; run ${runId} may not read it`,
      );
    if (!row.complete)
      throw new WeftError(FileErrorCodes.unreadable, `file "${ref.name}" (${id}) was not written to its end`);
    if (row.sha256 !== ref.sha256 || row.size !== ref.size)
      throw new WeftError(
        FileErrorCodes.unreadable,
        `file "${ref.name}" (${id}): the reference's size or sha256 does not match the stored file`,
      );
    for (let seq = 0; seq < row.chunks; seq++) {
      const data = await this.store.files.chunk(id, seq);
      if (!data) throw new WeftError(FileErrorCodes.unreadable, `file "${ref.name}" (${id}): chunk ${seq} is missing`);
      yield data;
    }
  }

  /** Whether a run may read a file of `owner`: the same run, or of the same run through loop body runs. */
  private async sameRun(reader: string, owner: string): Promise<boolean> {
    if (reader === owner) return true;
    const [a, b] = await Promise.all([this.rootOf(reader), this.rootOf(owner)]);
    return a === b;
  }

  /** The run a body run belongs to (following `<run>.<loop>.<index>` up its parents); other runs are their own. */
  private async rootOf(runId: string): Promise<string> {
    let id = runId;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const parent = await this.store.files.parentRun(id);
      if (!parent || !id.startsWith(`${parent}.`)) return id;
      id = parent;
    }
    return id;
  }

  private async commit<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      const failure = unavailableFailure(err);
      if (!failure) throw err;
      throw new WeftError(FileErrorCodes.unavailable, `the file store is unavailable: ${failure.message}`, {
        retryable: true,
        cause: err,
      });
    }
  }
}
