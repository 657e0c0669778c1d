import { createHash, randomUUID } from 'node:crypto';
import { WeftError } from '../shared/errors.ts';
import { FileErrorCodes, isFileRef, type FileContent, type FileRef, type RunFilesApi } from '../shared/file-ref.ts';

interface Kept {
  runId: string;
  chunks: Buffer[];
  sha256: string;
}

/**
 * Files kept in memory, for node unit tests: the same contract as the runtime's file store (chunks in,
 * chunks out, another run's file refused), without a database. One instance may serve several runs.
 */
export class MemoryFiles {
  private readonly files = new Map<string, Kept>();

  forRun(runId: string): RunFilesApi {
    return {
      write: (name, contentType, content) => this.write(runId, name, contentType, content),
      read: (ref) => this.read(runId, ref),
    };
  }

  async write(runId: string, name: string, contentType: string, content: FileContent): Promise<FileRef> {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    const add = (piece: unknown) => {
      if (typeof piece !== 'string' && !(piece instanceof Uint8Array))
        throw new WeftError(FileErrorCodes.badContent, 'file content: a piece is not bytes or text');
      const b = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece);
      hash.update(b);
      size += b.byteLength;
      if (b.byteLength > 0) chunks.push(b);
    };
    if (typeof content === 'string' || content instanceof Uint8Array) add(content);
    else for await (const piece of content as AsyncIterable<unknown>) add(piece);
    const id = `file_${randomUUID()}`;
    const sha256 = hash.digest('hex');
    this.files.set(id, { runId, chunks, sha256 });
    return { $weftFile: id, name, size, contentType, sha256 };
  }

  async *read(runId: string, ref: FileRef): AsyncIterable<Buffer> {
    if (!isFileRef(ref)) throw new WeftError(FileErrorCodes.notFound, 'not a file reference');
    const kept = this.files.get(ref.$weftFile);
    if (!kept) throw new WeftError(FileErrorCodes.notFound, `file "${ref.name}" (${ref.$weftFile}) does not exist`);
    if (kept.runId !== runId)
      throw new WeftError(FileErrorCodes.otherRun, `file "${ref.name}" (${ref.$weftFile}) belongs to another run`);
    for (const c of kept.chunks) yield c;
  }
}
