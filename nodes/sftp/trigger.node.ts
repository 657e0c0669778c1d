import { posix } from 'node:path';
import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { WeftError } from '../../shared/errors.ts';
import { triggerBody } from '../trigger/body.ts';
import { SftpErrorCodes, withSftp } from './client.ts';
import { moveFile, readFile } from './operations.ts';

export const sftpTriggerConfig = z
  .object({
    connection: z.string().min(1).max(200).describe('Id of an sftp:// connection; the folder is relative to its base'),
    folder: z.string().min(1).max(1024).default('.').describe('The folder to watch, e.g. "inbox"'),
    pattern: z.string().min(1).max(200).default('*').describe('A glob the file names must match, e.g. "payroll-*.csv"'),
    pollIntervalMs: z
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(60_000)
      .describe('How often the folder is listed'),
    minAgeMs: z
      .number()
      .int()
      .min(0)
      .max(86_400_000)
      .default(30_000)
      .describe('A file is taken once it has not changed for this long, so one still being written is left alone'),
    read: z
      .boolean()
      .default(true)
      .describe('The trigger step reads the file into the run\'s files and outputs its reference as "file"'),
    // biome-ignore lint/suspicious/noThenProperty: a text ('leave' | 'move'), never a function, so the config is not thenable
    then: z
      .enum(['leave', 'move'])
      .default('leave')
      .describe('After the run is stored: leave the file, or move it into archiveFolder'),
    archiveFolder: z
      .string()
      .min(1)
      .max(1024)
      .default('archive')
      .describe('With then "move": the folder (made when missing)'),
  })
  .strict();

export type SftpTriggerConfig = z.output<typeof sftpTriggerConfig>;

/** What the event source puts into a run's trigger body for one file. */
export interface SftpFileEvent {
  path: string;
  name: string;
  folder: string;
  size: number;
  mtime: number;
  modifiedAt: string;
}

function fileEvent(input: unknown): SftpFileEvent {
  const body = triggerBody(input) as Partial<SftpFileEvent> | null;
  if (!body || typeof body.path !== 'string' || typeof body.name !== 'string')
    throw new WeftError('invalid_trigger_event', 'the SFTP trigger event names no file (path, name)');
  return body as SftpFileEvent;
}

export default defineNode({
  type: 'trigger.sftp',
  typeVersion: 1,
  title: 'SFTP file',
  category: 'trigger',
  description:
    'Starts one run per new file in a folder of an SFTP server (each path, size and modification time once, across restarts and processes), once the file is older than minAgeMs. The trigger step reads the file into the run\'s files (output { path, name, folder, size, mtime, modifiedAt, file }) and, with then "move", moves it into the archive folder.',
  ports: PORTS.trigger,
  trigger: 'sftp',
  config: sftpTriggerConfig,
  retry: IO_RETRY,
  async execute(ctx, input, c) {
    const event = fileEvent(input);
    if (!c.read && c.then === 'leave') return event;
    const archived = posix.join(c.archiveFolder, event.name);
    return withSftp(await ctx.credentials(c.connection), ctx.signal, async (s) => {
      let file: unknown;
      if (c.read) {
        try {
          file = (await readFile(s, event.path, ctx.files, ctx.signal)).file;
        } catch (err) {
          // An earlier attempt of this step moved the file before its output was stored.
          if (c.then !== 'move' || (err as WeftError).code !== SftpErrorCodes.notFound) throw err;
          file = (await readFile(s, archived, ctx.files, ctx.signal)).file;
        }
      }
      const out: Record<string, unknown> = { ...event };
      if (c.read) out.file = file;
      if (c.then === 'move') out.archivedPath = (await moveFile(s, event.path, c.archiveFolder)).to;
      return out;
    });
  },
});
