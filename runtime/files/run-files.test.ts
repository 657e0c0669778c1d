import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sharedStoreDialects, type Opened } from '../../test/support/store-dialects.ts';
import type { Store } from '../store/ports.ts';
import { FileErrorCodes, isFileRef, type FileRef } from '../../shared/file-ref.ts';
import { RunFiles } from './run-files.ts';

const T0 = Date.UTC(2026, 2, 1);
const CHUNK = 1024;

async function bytesOf(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const all: Buffer[] = [];
  for await (const c of chunks) all.push(c);
  return Buffer.concat(all);
}

async function* pieces(total: number, piece: number): AsyncIterable<Uint8Array> {
  for (let at = 0; at < total; at += piece) {
    const n = Math.min(piece, total - at);
    yield Uint8Array.from({ length: n }, (_, i) => (at + i) % 251);
  }
}

for (const d of sharedStoreDialects) {
  describe.skipIf(d.skip)(`run files on ${d.name}`, () => {
    let inst: Opened<[Store, Store]>;
    let a: Store;
    let b: Store;

    const newRun = (id: string, parent?: string, finished = false) =>
      a.write((tx) =>
        tx.runs.insertRun({
          id,
          flowId: 'f',
          version: 1,
          mode: 'live',
          status: finished ? 'succeeded' : 'running',
          finishedAt: finished ? T0 : null,
          triggerNode: 'in',
          trigger: '{}',
          createdAt: T0,
          updatedAt: T0,
          parentRunId: parent ?? null,
          parentNodeId: parent ? 'loop' : null,
        }),
      );

    beforeAll(async () => {
      inst = await d.open();
      [a, b] = inst.sql;
      await newRun('run_a');
      await newRun('run_b');
      await newRun('run_a.loop.0', 'run_a');
    });
    afterAll(() => inst?.close());

    it('stores content in chunks and any process reads it back as written, with its size and digest', async () => {
      const writer = new RunFiles(a, () => T0, CHUNK);
      const reader = new RunFiles(b, () => T0, CHUNK);
      const total = CHUNK * 5 + 17;
      const ref = await writer.write('run_a', 'data.bin', 'application/octet-stream', pieces(total, 700));
      const expected = await bytesOf(
        (async function* () {
          for await (const p of pieces(total, 700)) yield Buffer.from(p);
        })(),
      );
      expect(isFileRef(ref)).toBe(true);
      expect(ref).toMatchObject({ name: 'data.bin', size: total, contentType: 'application/octet-stream' });
      expect(ref.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
      const chunks: Buffer[] = [];
      for await (const c of reader.read('run_a', ref)) chunks.push(c);
      expect(chunks.map((c) => c.length)).toEqual([CHUNK, CHUNK, CHUNK, CHUNK, CHUNK, 17]);
      expect(Buffer.concat(chunks).equals(expected)).toBe(true);
      expect(await b.files.get(ref.$weftFile)).toMatchObject({ runId: 'run_a', complete: true, chunks: 6 });
    });

    it('writes text and empty content', async () => {
      const files = new RunFiles(a, () => T0, CHUNK).forRun('run_a');
      const text = await files.write('a.csv', 'text/csv', 'id;name\n1;Ä\n');
      expect((await bytesOf(files.read(text))).toString('utf8')).toBe('id;name\n1;Ä\n');
      const empty = await files.write('empty.txt', 'text/plain', '');
      expect(empty.size).toBe(0);
      expect((await bytesOf(files.read(empty))).length).toBe(0);
    });

    it("refuses another run's file, and lets a loop's body runs and their run share files", async () => {
      const files = new RunFiles(a, () => T0, CHUNK);
      const ref = await files.write('run_a', 'x.txt', 'text/plain', 'secret');
      await expect(bytesOf(files.read('run_b', ref))).rejects.toMatchObject({ code: FileErrorCodes.otherRun });
      expect((await bytesOf(files.read('run_a.loop.0', ref))).toString()).toBe('secret');
      const fromBody = await files.write('run_a.loop.0', 'y.txt', 'text/plain', 'from the body');
      expect((await bytesOf(files.read('run_a', fromBody))).toString()).toBe('from the body');
    });

    it('refuses a reference to no file, to a file cut off mid-write, or one whose digest does not match', async () => {
      const files = new RunFiles(a, () => T0, CHUNK);
      const ref = await files.write('run_a', 'z.txt', 'text/plain', 'zzz');
      const missing: FileRef = { ...ref, $weftFile: 'file_none' };
      await expect(bytesOf(files.read('run_a', missing))).rejects.toMatchObject({ code: FileErrorCodes.notFound });
      const forged: FileRef = { ...ref, sha256: '0'.repeat(64) };
      await expect(bytesOf(files.read('run_a', forged))).rejects.toMatchObject({ code: FileErrorCodes.unreadable });
      await a.write((tx) =>
        tx.files.create({ id: 'file_cut', runId: 'run_a', name: 'cut', contentType: 'text/plain', createdAt: T0 }),
      );
      const cut: FileRef = { ...ref, $weftFile: 'file_cut' };
      await expect(bytesOf(files.read('run_a', cut))).rejects.toMatchObject({ code: FileErrorCodes.unreadable });
    });

    it('goes with its run', async () => {
      await newRun('run_gone', undefined, true);
      const files = new RunFiles(a, () => T0, CHUNK);
      const ref = await files.write('run_gone', 'g.txt', 'text/plain', 'x'.repeat(CHUNK * 2));
      await a.write(async (tx) => {
        await tx.retention.deleteExpired({ flowId: 'f' }, Number.MAX_SAFE_INTEGER, 100);
      });
      expect(await b.files.get(ref.$weftFile)).toBeUndefined();
      expect(await b.files.chunk(ref.$weftFile, 0)).toBeUndefined();
    });

    it("goes with a succeeded run's payloads when retention drops them", async () => {
      await newRun('run_drop', undefined, true);
      await a.write((tx) =>
        tx.runs.upsertStep({ runId: 'run_drop', nodeId: 'out', status: 'succeeded', attempts: 1, output: '{}' }),
      );
      const files = new RunFiles(a, () => T0, CHUNK);
      const ref = await files.write('run_drop', 'd.txt', 'text/plain', 'dropped');
      await a.write((tx) => tx.retention.dropPayloads({ flowId: 'f' }, { createdAt: 0, id: '' }, 100));
      expect(await b.files.get(ref.$weftFile)).toBeUndefined();
      expect(await b.runs.run('run_drop')).toBeDefined();
    });
  });
}
