import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Weft } from '../../runtime/weft.ts';
import type { RunRow } from '../../runtime/store/run-store.ts';
import { RunFiles } from '../../runtime/files/run-files.ts';
import { deploy, testWeft, viewOf } from '../support/weft.ts';
import { flow } from '../support/flows.ts';
import { until } from '../support/poll.ts';
import { sftpConnectionInput, startSftpServer, type SftpServer } from '../support/sftp-server.ts';
import type { FileRef } from '../../shared/file-ref.ts';

const watch = (config: Record<string, unknown>) => ({
  type: 'trigger.sftp',
  config: { connection: 'files', pollIntervalMs: 100, minAgeMs: 0, ...config },
});

async function runsOf(weft: Weft, flowId: string): Promise<RunRow[]> {
  const all = await Promise.all(
    (['running', 'succeeded', 'failed'] as const).map((s) => weft.store.runs.runsWithStatus(s)),
  );
  return all.flat().filter((r) => r.flowId === flowId);
}

/** Waits until the flow has a succeeded run for each named file; returns the runs by file name. */
async function runsFor(weft: Weft, flowId: string, names: string[], timeoutMs = 15_000) {
  try {
    return await waitRuns(weft, flowId, names, timeoutMs);
  } catch (err) {
    const seen = (await runsOf(weft, flowId)).map((r) => `${r.status} ${r.trigger} ${r.error ?? ''}`);
    throw new Error(`${(err as Error).message}; runs: ${seen.join('; ') || 'none'}`);
  }
}

function waitRuns(weft: Weft, flowId: string, names: string[], timeoutMs: number) {
  return until(
    async () => {
      const byName = new Map<string, RunRow>();
      for (const r of await runsOf(weft, flowId)) {
        if (r.status !== 'succeeded') continue;
        byName.set((JSON.parse(r.trigger) as { body: { name: string } }).body.name, r);
      }
      return names.every((n) => byName.has(n)) ? byName : null;
    },
    `runs of ${flowId} for ${names.join(', ')}`,
    timeoutMs,
  );
}

async function text(weft: Weft, runId: string, ref: FileRef): Promise<string> {
  const all: Buffer[] = [];
  for await (const c of new RunFiles(weft.store, Date.now).read(runId, ref)) all.push(c);
  return Buffer.concat(all).toString('utf8');
}

/** Puts a file in place as a sender finishing an upload does: written under a dot name, then renamed. */
async function drop(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.part`);
  await writeFile(temp, content);
  await rename(temp, path);
}

async function outputOf(weft: Weft, runId: string, nodeId: string) {
  const step = (await viewOf(weft, runId)).steps?.find((s) => s.nodeId === nodeId);
  return step?.output as Record<string, unknown>;
}

const read = {
  type: 'connector.sftp',
  config: {
    connection: 'files',
    operation: 'read',
    path: '=$trigger.body.path',
    fallbackPath: '=$trigger.body.archivedPath',
  },
};

describe('trigger.sftp against a real OpenSSH server', () => {
  let server: SftpServer;
  let dir: string;
  const open: Weft[] = [];

  const runtime = async () => {
    const weft = await testWeft({ config: { dataDir: dir } });
    open.push(weft);
    return weft;
  };

  beforeAll(async () => {
    server = await startSftpServer();
  }, 30_000);

  afterEach(async () => {
    for (const w of open.splice(0)) await w.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await server?.close();
  });

  it('starts one run per file, reading it into the run, and none again after a restart or from a second process', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-sftp-trigger-'));
    await mkdir(server.local('drop'), { recursive: true });
    await drop(server.local('drop/a.csv'), 'id\n1\n');
    await drop(server.local('drop/b.csv'), 'id\n2\n');
    await writeFile(server.local('drop/skip.txt'), 'not matched');
    const first = await runtime();
    await first.connections.create(sftpConnectionInput(server, 'files'), null);
    await deploy(first, flow('watch', { in: watch({ folder: 'drop', pattern: '*.csv' }), read }, ['in>read']));
    const before = await runsFor(first, 'watch', ['a.csv', 'b.csv']);
    const a = before.get('a.csv')!;
    const out = await outputOf(first, a.id, 'in');
    expect(out).toMatchObject({ path: 'drop/a.csv', name: 'a.csv', folder: 'drop', size: 5 });
    expect(typeof out.mtime).toBe('number');
    expect(out.archivedPath).toBeUndefined();
    const got = await outputOf(first, a.id, 'read');
    expect(await text(first, a.id, got.file as FileRef)).toBe('id\n1\n');
    expect(a.dedupeKey).toBe(`sftp:in:drop/a.csv:5:${out.mtime}`);
    await first.close();
    open.splice(open.indexOf(first), 1);

    // Two runtimes on the same database poll the same folder: the files already taken and the new one start one run each.
    await drop(server.local('drop/c.csv'), 'id\n3\n');
    const second = await runtime();
    const third = await runtime();
    await runsFor(second, 'watch', ['c.csv']);
    // d.csv is listed after a, b and c, so once its run exists both runtimes have polled all of them since.
    await drop(server.local('drop/d.csv'), 'id\n4\n');
    await runsFor(third, 'watch', ['d.csv']);
    const runs = await runsOf(second, 'watch');
    const names = runs.map((r) => (JSON.parse(r.trigger) as { body: { name: string } }).body.name).sort();
    expect(names).toEqual(['a.csv', 'b.csv', 'c.csv', 'd.csv']);
  }, 60_000);

  it('leaves a file younger than the minimum age and moves each taken file into the archive folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-sftp-trigger-'));
    await mkdir(server.local('young'), { recursive: true });
    await writeFile(server.local('young/a-writing.csv'), 'id\n');
    await writeFile(server.local('young/b-done.csv'), 'id\n9\n');
    const past = new Date(Date.now() - 120_000);
    await utimes(server.local('young/b-done.csv'), past, past);
    const weft = await runtime();
    await weft.connections.create(sftpConnectionInput(server, 'files'), null);
    // biome-ignore lint/suspicious/noThenProperty: the trigger's "then" setting is a text
    const archiving = { folder: 'young', minAgeMs: 60_000, then: 'move', archiveFolder: 'young/done' };
    await deploy(weft, flow('aged', { in: watch(archiving), read }, ['in>read']));
    const done = await runsFor(weft, 'aged', ['b-done.csv']);
    const runId = done.get('b-done.csv')!.id;
    expect(await outputOf(weft, runId, 'in')).toMatchObject({
      path: 'young/b-done.csv',
      archivedPath: 'young/done/b-done.csv',
      size: 5,
    });
    expect(await text(weft, runId, (await outputOf(weft, runId, 'read')).file as FileRef)).toBe('id\n9\n');
    await until(() => existsSync(server.local('young/done/b-done.csv')), 'b-done.csv in the archive folder');
    expect(existsSync(server.local('young/b-done.csv'))).toBe(false);
    // a-writing.csv sorts first, so the poll that took b-done.csv saw it and left it.
    expect((await runsOf(weft, 'aged')).length).toBe(1);
    expect(existsSync(server.local('young/a-writing.csv'))).toBe(true);

    await writeFile(server.local('young/a-writing.csv'), 'id\n10\n');
    await utimes(server.local('young/a-writing.csv'), past, past);
    await runsFor(weft, 'aged', ['a-writing.csv']);
    await until(() => existsSync(server.local('young/done/a-writing.csv')), 'a-writing.csv in the archive folder');
    expect((await runsOf(weft, 'aged')).length).toBe(2);
  }, 60_000);
});
