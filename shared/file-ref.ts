import { z } from 'zod';

/**
 * A file kept by the runtime for one run, as it passes between steps: a reference, never the content.
 * The content is read through the step context's `files.read(ref)`.
 */
export const fileRefSchema = z
  .object({
    $weftFile: z.string().min(1),
    name: z.string(),
    size: z.number().int().nonnegative(),
    contentType: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export type FileRef = z.infer<typeof fileRefSchema>;

/** Whether `v` is a file reference (as a step's output or input holds it). */
export function isFileRef(v: unknown): v is FileRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    typeof (v as Record<string, unknown>).$weftFile === 'string' &&
    fileRefSchema.safeParse(v).success
  );
}

/** What a file's content may be given as when it is written. */
export type FileContent = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string> | Uint8Array | string;

/** Writing and reading the files of a run, chunk by chunk. */
export interface RunFilesApi {
  /** Stores `content` as a file of this run and returns its reference. */
  write(name: string, contentType: string, content: FileContent): Promise<FileRef>;
  /** The file's content in chunks; refused for a file of another run. */
  read(ref: FileRef): AsyncIterable<Buffer>;
}

/** Bytes per stored chunk of a file. */
export const FILE_CHUNK_BYTES = 256 * 1024;

/** Error codes of the file store. */
export const FileErrorCodes = {
  /** No such file: never written, or removed with its run. */
  notFound: 'file_not_found',
  /** The reference names a file of another run. */
  otherRun: 'file_of_another_run',
  /** The file was cut off (its writer stopped) or does not match its reference. */
  unreadable: 'file_unreadable',
  /** The database could not take a chunk: the step may try again. */
  unavailable: 'file_store_unavailable',
  /** What was given as content is not bytes or text. */
  badContent: 'file_bad_content',
} as const;
