/** A file of a run as stored: what its reference says, and whether all of it was written. */
export interface RunFileRow {
  id: string;
  runId: string;
  name: string;
  contentType: string;
  complete: boolean;
  size: number;
  chunks: number;
  sha256: string | null;
}

/** The files runs write (FileRef), in chunks; each belongs to its run and goes with it. */
export interface FileStore {
  /** Starts a file of `runId`, incomplete and empty. */
  create(file: { id: string; runId: string; name: string; contentType: string; createdAt: number }): Promise<void>;
  /** Stores chunk `seq` (from 0) of a file. */
  putChunk(fileId: string, seq: number, data: Buffer): Promise<void>;
  /** Marks the file complete with its size, number of chunks and SHA-256; false when there is no such file. */
  finish(fileId: string, size: number, chunks: number, sha256: string): Promise<boolean>;
  get(fileId: string): Promise<RunFileRow | undefined>;
  /** Chunk `seq` of a file, undefined when there is none. */
  chunk(fileId: string, seq: number): Promise<Buffer | undefined>;
  /** The run that started `runId` (a loop's body run's run), or null. */
  parentRun(runId: string): Promise<string | null>;
  /** The files of a run, oldest first. */
  ofRun(runId: string): Promise<RunFileRow[]>;
}
