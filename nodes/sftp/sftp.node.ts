import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { withSftp } from './client.ts';
import { checkConnection } from '../connection-check.ts';
import { listFolder, moveFile, readFile, writeFile } from './operations.ts';

const text = (description: string) => z.string().min(1).max(1024).describe(description);

const config = z
  .object({
    connection: z
      .string()
      .min(1)
      .max(200)
      .describe('Id of an sftp:// connection; paths are relative to its base folder'),
    operation: z
      .enum(['list', 'read', 'write', 'move'])
      .describe(
        "What to do. list: names, sizes and modification times of a folder; read: the file into the run's files (outputs { file, path }); write: a file reference or text to a path (temporary name, then renamed); move: a file into another folder",
      ),
    folder: text('For list: the folder to list, e.g. "inbox"').optional(),
    pattern: z.string().min(1).max(200).optional().describe('For list: a glob the names must match, e.g. "*.csv"'),
    path: text(
      'For read, write and move: the remote file, e.g. "inbox/payroll.csv" or "=$trigger.body.path"',
    ).optional(),
    fallbackPath: z
      .string()
      .min(1)
      .max(1024)
      .nullable()
      .optional()
      .describe(
        'For read: the file to read when path is missing, e.g. "=$trigger.body.archivedPath" where an SFTP trigger archives its files',
      ),
    content: z
      .unknown()
      .optional()
      .describe('For write: a file reference (e.g. "=$steps.rejects.output.file") or the text to write'),
    overwrite: z.boolean().default(true).describe('For write: replace a file already at the path'),
    createFolders: z.boolean().default(true).describe('For write: make missing folders of the path'),
    to: text('For move: the folder to move the file into (made when missing), e.g. "archive"').optional(),
    name: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('For move: a new name for the file; it keeps its name when left out'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const need = (field: 'folder' | 'path' | 'to' | 'content') => {
      if (c[field] === undefined)
        ctx.addIssue({ code: 'custom', path: [field], message: `operation "${c.operation}" needs ${field}` });
    };
    if (c.operation === 'list') need('folder');
    if (c.operation !== 'list') need('path');
    if (c.operation === 'write') need('content');
    if (c.operation === 'move') need('to');
    if (c.name !== undefined && /[/\\]/.test(c.name))
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'a name, not a path: no "/"' });
  });

export default defineNode({
  type: 'connector.sftp',
  typeVersion: 1,
  title: 'SFTP',
  category: 'connector',
  description:
    "Lists, reads, writes and moves files on an SFTP server. read streams the file into the run's files and outputs its reference; write streams a file reference or text to a temporary name and renames it, so readers never see half a file; move renames into a folder such as archive/.",
  ports: PORTS.step,
  config,
  retry: IO_RETRY,
  check: (c, env) => checkConnection(c, env, ['sftp'], 'SFTP'),
  async execute(ctx, _input, c) {
    const creds = await ctx.credentials(c.connection);
    return withSftp(creds, ctx.signal, async (s) => {
      switch (c.operation) {
        case 'list': {
          const files = await listFolder(s, c.folder!, c.pattern);
          return { folder: c.folder, files, count: files.length };
        }
        case 'read':
          return readFile(s, c.path!, ctx.files, { fallbackPath: c.fallbackPath ?? undefined, signal: ctx.signal });
        case 'write':
          return writeFile(s, c.path!, c.content, ctx.files, {
            overwrite: c.overwrite,
            createFolders: c.createFolders,
            signal: ctx.signal,
          });
        case 'move':
          return moveFile(s, c.path!, c.to!, c.name);
      }
    });
  },
});
