import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import picomatch from 'picomatch';
import { WeftError } from '../../shared/errors.ts';
import { isFileRef, type FileRef, type RunFilesApi } from '../../shared/file-ref.ts';
import { SftpErrorCodes, sftpError, type SftpSession } from './client.ts';

/** One remote entry as list outputs it; `path` is relative to the connection's base folder. */
export interface RemoteFile {
  name: string;
  path: string;
  type: 'file' | 'folder' | 'link';
  size: number;
  /** Modification time, epoch ms (the server keeps whole seconds). */
  mtime: number;
  modifiedAt: string;
}

const TYPES = { '-': 'file', d: 'folder', l: 'link' } as const;

/** The entries of `folder` whose names match `pattern` (a glob such as "*.csv"), by name. */
export async function listFolder(
  s: SftpSession,
  folder: string,
  pattern: string | undefined,
  opts: { files?: boolean } = {},
): Promise<RemoteFile[]> {
  const remote = s.path(folder, 'folder');
  const match = pattern ? picomatch(pattern, { dot: false }) : () => true;
  let entries: Awaited<ReturnType<SftpSession['client']['list']>>;
  try {
    entries = await s.client.list(remote);
  } catch (err) {
    throw sftpError(err, `listing folder "${folder}"`);
  }
  return entries
    .filter((e) => (opts.files ? e.type === '-' : true) && match(e.name))
    .map((e) => ({
      name: e.name,
      path: s.relative(posix.join(remote, e.name)),
      type: TYPES[e.type as keyof typeof TYPES] ?? 'file',
      size: e.size,
      mtime: e.modifyTime,
      modifiedAt: new Date(e.modifyTime).toISOString(),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const CONTENT_TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
};

export const contentTypeOf = (name: string) =>
  CONTENT_TYPES[posix.extname(name).toLowerCase()] ?? 'application/octet-stream';

/**
 * Streams the remote file into the run's file store, chunk by chunk, and returns its reference. When `path`
 * is missing (or disappears before it is opened) and a fallback is given, that one is read instead: the file
 * a trigger moves into its archive folder right after starting the run.
 */
export async function readFile(
  s: SftpSession,
  path: string,
  files: RunFilesApi,
  opts: { fallbackPath?: string; signal?: AbortSignal } = {},
): Promise<{ file: FileRef; path: string }> {
  try {
    return await readOne(s, path, files, opts.signal);
  } catch (err) {
    if (opts.fallbackPath === undefined || (err as WeftError).code !== SftpErrorCodes.notFound) throw err;
    return readOne(s, opts.fallbackPath, files, opts.signal);
  }
}

async function readOne(
  s: SftpSession,
  path: string,
  files: RunFilesApi,
  signal?: AbortSignal,
): Promise<{ file: FileRef; path: string }> {
  const remote = s.path(path);
  const kind = await s.client.exists(remote).catch((err) => {
    throw sftpError(err, `reading "${path}"`);
  });
  if (kind !== '-')
    throw new WeftError(
      SftpErrorCodes.notFound,
      kind ? `reading "${path}": it is not a file` : `reading "${path}": no such file`,
    );
  let opened: Error | null = null;
  const stream = s.client.createReadStream(remote);
  stream.once('error', (err: Error) => {
    opened = err;
  });
  const stop = () => stream.destroy(new WeftError('aborted', `reading "${path}" was aborted`));
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const name = posix.basename(remote);
    const file = await files.write(name, contentTypeOf(name), stream as AsyncIterable<Buffer>);
    return { file, path: s.relative(remote) };
  } catch (err) {
    stream.destroy();
    throw sftpError(opened ?? err, `reading "${path}"`);
  } finally {
    signal?.removeEventListener('abort', stop);
  }
}

async function ensureFolder(s: SftpSession, remoteFolder: string, what: string) {
  if (remoteFolder === '.' || remoteFolder === '/') return;
  try {
    if (!(await s.client.exists(remoteFolder))) await s.client.mkdir(remoteFolder, true);
  } catch (err) {
    // Another writer may have made it in the meantime.
    if ((await s.client.exists(remoteFolder).catch(() => false)) !== 'd') throw sftpError(err, what);
  }
}

/**
 * Streams a file reference (or text) to `path`: written under a temporary name in the same folder, then
 * renamed, so a reader of the folder never sees half a file.
 */
export async function writeFile(
  s: SftpSession,
  path: string,
  content: unknown,
  files: RunFilesApi,
  opts: { overwrite: boolean; createFolders: boolean; signal?: AbortSignal },
): Promise<{ path: string; size: number }> {
  const remote = s.path(path);
  const what = `writing "${path}"`;
  let source: AsyncIterable<Uint8Array | string>;
  let size: number;
  if (isFileRef(content)) {
    source = files.read(content);
    size = content.size;
  } else if (typeof content === 'string') {
    source = Readable.from([Buffer.from(content, 'utf8')]);
    size = Buffer.byteLength(content, 'utf8');
  } else
    throw new WeftError(
      'invalid_config',
      `${what}: content must be a file reference ({ "$weftFile": … }) or text, got ${content === null ? 'null' : typeof content}`,
    );
  const folder = posix.dirname(remote);
  if (opts.createFolders) await ensureFolder(s, folder, what);
  if (!opts.overwrite && (await s.client.exists(remote).catch(() => false)))
    throw new WeftError(SftpErrorCodes.failed, `${what}: the file exists and overwrite is off`);
  const temp = posix.join(folder, `.${posix.basename(remote)}.${randomUUID().slice(0, 8)}.part`);
  const out = s.client.createWriteStream(temp);
  try {
    await pipeline(Readable.from(source), out, { signal: opts.signal });
    if (!out.closed) await once(out, 'close');
    await s.client.posixRename(temp, remote);
  } catch (err) {
    out.destroy();
    await s.client.delete(temp, true).catch(() => {});
    throw sftpError(err, what);
  }
  return { path: s.relative(remote), size };
}

/**
 * Moves `path` into `folder` (made when missing), keeping its name unless `name` is given. A retry after
 * the move went through finds the file already there and reports the same result.
 */
export async function moveFile(
  s: SftpSession,
  path: string,
  folder: string,
  name?: string,
): Promise<{ from: string; to: string }> {
  const from = s.path(path);
  const toFolder = s.path(folder, 'to');
  const to = posix.join(toFolder, name ?? posix.basename(from));
  const what = `moving "${path}" to "${folder}"`;
  const fromKind = await s.client.exists(from).catch((err) => {
    throw sftpError(err, what);
  });
  if (!fromKind) {
    if ((await s.client.exists(to).catch(() => false)) === '-') return { from: s.relative(from), to: s.relative(to) };
    throw new WeftError(SftpErrorCodes.notFound, `${what}: no such file`);
  }
  await ensureFolder(s, toFolder, what);
  try {
    await s.client.posixRename(from, to);
  } catch (err) {
    throw sftpError(err, what);
  }
  return { from: s.relative(from), to: s.relative(to) };
}
