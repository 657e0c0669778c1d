import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { Weft } from '../../runtime/weft.ts';
import { deploy, finished, start, testWeft, viewOf } from '../support/weft.ts';
import { flow } from '../support/flows.ts';
import { sftpConnectionInput, startSftpServer, type SftpServer } from '../support/sftp-server.ts';
import { isFileRef, type FileRef } from '../../shared/file-ref.ts';
import { RunFiles } from '../../runtime/files/run-files.ts';

const sftp = (config: Record<string, unknown>) => ({
  type: 'connector.sftp',
  config: { connection: 'files', ...config },
});

async function bytesOf(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}

async function stepOf(weft: Weft, runId: string, nodeId: string) {
  const step = (await viewOf(weft, runId)).steps?.find((s) => s.nodeId === nodeId);
  if (!step) throw new Error(`run ${runId} has no step ${nodeId}`);
  return step;
}

describe('connector.sftp against a real OpenSSH server', () => {
  let server: SftpServer;
  let weft: Weft;

  beforeAll(async () => {
    server = await startSftpServer();
    weft = await testWeft();
    await weft.connections.create(sftpConnectionInput(server, 'files'), null);
    await weft.connections.create(sftpConnectionInput(server, 'stranger', server.strangerKey), null);
  }, 30_000);

  afterAll(async () => {
    await weft?.close();
    await server?.close();
  });

  it('lists with a glob, reads into the file store, writes through a temporary name and moves into a new folder', async () => {
    await mkdir(server.local('inbox'), { recursive: true });
    const big = Buffer.alloc(700_000, 'x');
    await writeFile(server.local('inbox/payroll.csv'), big);
    await writeFile(server.local('inbox/notes.txt'), 'not a csv');
    const plan = await deploy(
      weft,
      flow(
        'sftp-ops',
        {
          in: { type: 'trigger.manual', config: {} },
          list: sftp({ operation: 'list', folder: 'inbox', pattern: '*.csv' }),
          read: sftp({ operation: 'read', path: '=$steps.list.files[0].path' }),
          write: sftp({ operation: 'write', path: 'outbox/copy.csv', content: '=$steps.read.file' }),
          note: sftp({ operation: 'write', path: 'outbox/hello.txt', content: 'hello' }),
          move: sftp({ operation: 'move', path: 'inbox/payroll.csv', to: 'archive/2026' }),
        },
        ['in>list', 'list>read', 'read>write', 'write>note', 'note>move'],
      ),
    );
    const { runId } = await start(weft, plan, {});
    const row = await finished(weft, runId, 20_000);
    const view = await viewOf(weft, runId);
    expect(row.status, JSON.stringify((view.steps ?? []).map((s) => s.error))).toBe('succeeded');
    const out = Object.fromEntries((view.steps ?? []).map((s) => [s.nodeId, s.output as Record<string, unknown>]));
    expect(out.list).toMatchObject({
      count: 1,
      files: [{ name: 'payroll.csv', path: 'inbox/payroll.csv', type: 'file', size: big.length }],
    });
    const listed = (out.list!.files as { mtime: number; modifiedAt: string }[])[0]!;
    expect(Math.abs(listed.mtime - Date.now())).toBeLessThan(60_000);
    expect(new Date(listed.modifiedAt).getTime()).toBe(listed.mtime);
    const ref = out.read!.file as FileRef;
    expect(isFileRef(ref)).toBe(true);
    expect(ref).toMatchObject({ name: 'payroll.csv', size: big.length, contentType: 'text/csv' });
    expect((await bytesOf(new RunFiles(weft.store, Date.now).read(runId, ref))).equals(big)).toBe(true);
    expect(out.write).toEqual({ path: 'outbox/copy.csv', size: big.length });
    expect((await readFile(server.local('outbox/copy.csv'))).equals(big)).toBe(true);
    expect(await readFile(server.local('outbox/hello.txt'), 'utf8')).toBe('hello');
    expect((await readdir(server.local('outbox'))).sort()).toEqual(['copy.csv', 'hello.txt']);
    expect(out.move).toEqual({ from: 'inbox/payroll.csv', to: 'archive/2026/payroll.csv' });
    expect(existsSync(server.local('inbox/payroll.csv'))).toBe(false);
    expect((await readFile(server.local('archive/2026/payroll.csv'))).length).toBe(big.length);
  }, 30_000);

  it('refuses a path that leaves the base folder and reads a missing file with a clear error', async () => {
    const plan = await deploy(
      weft,
      flow(
        'sftp-missing',
        { in: { type: 'trigger.manual', config: {} }, read: sftp({ operation: 'read', path: '=$.path' }) },
        ['in>read'],
      ),
    );
    const missing = await start(weft, plan, { path: 'inbox/nothing.csv' });
    expect((await finished(weft, missing.runId, 10_000)).status).toBe('failed');
    const step = await stepOf(weft, missing.runId, 'read');
    expect(step.error).toMatchObject({ code: 'sftp_not_found', message: 'reading "inbox/nothing.csv": no such file' });
    const outside = await start(weft, plan, { path: '../../etc/passwd' });
    expect((await finished(weft, outside.runId, 10_000)).status).toBe('failed');
    const refused = await stepOf(weft, outside.runId, 'read');
    expect(refused.error).toMatchObject({ code: 'sftp_bad_path' });
    expect(refused.error?.message).toContain("leaves the connection's base folder");
  }, 30_000);

  it('refuses a key the server does not know with an error naming the connection, without retrying', async () => {
    const plan = await deploy(
      weft,
      flow(
        'sftp-stranger',
        {
          in: { type: 'trigger.manual', config: {} },
          list: { type: 'connector.sftp', config: { connection: 'stranger', operation: 'list', folder: '.' } },
        },
        ['in>list'],
      ),
    );
    const { runId } = await start(weft, plan, {});
    expect((await finished(weft, runId, 20_000)).status).toBe('failed');
    const step = await stepOf(weft, runId, 'list');
    expect(step.attempts).toBe(1);
    expect(step.error).toMatchObject({ code: 'sftp_auth_failed', retryable: false });
    expect(step.error?.message).toMatch(
      new RegExp(
        `^SFTP connection "stranger" \\(127\\.0\\.0\\.1:${server.port} as "${server.username}"\\): the server refused the credentials`,
      ),
    );
  }, 30_000);
});
