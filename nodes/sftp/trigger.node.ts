import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { checkConnection } from '../connection-check.ts';
import { triggerBody } from '../trigger/body.ts';

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
    // biome-ignore lint/suspicious/noThenProperty: a text ('leave' | 'move'), never a function, so the config is not thenable
    then: z
      .enum(['leave', 'move'])
      .default('leave')
      .describe(
        "After the run is stored: leave the file, or move it into archiveFolder (the run's trigger names it as archivedPath)",
      ),
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
  /** With then "move": where the file is moved once its run is stored. */
  archivedPath?: string;
}

export default defineNode({
  type: 'trigger.sftp',
  typeVersion: 1,
  title: 'SFTP file',
  category: 'trigger',
  description:
    'Starts one run per new file in a folder of an SFTP server. A file is taken once it has not changed for minAgeMs; each path, size and modification time starts one run, across restarts and processes. Outputs { path, name, folder, size, mtime, modifiedAt, archivedPath }; read the content with an SFTP read step (path "=$trigger.body.path", fallbackPath "=$trigger.body.archivedPath" when the trigger archives files).',
  ports: PORTS.trigger,
  trigger: 'sftp',
  config: sftpTriggerConfig,
  check: (c, env) => checkConnection(c, env, ['sftp'], 'SFTP'),
  execute: (_ctx, input) => triggerBody(input),
});
