import { describe, expect, it } from 'vitest';
import { makeTestContext } from '../testing.ts';
import type { FileRef } from '../../shared/file-ref.ts';
import build from './build.node.ts';
import parse from './parse.node.ts';

const text = async (ctx: ReturnType<typeof makeTestContext>, ref: FileRef) => {
  const parts: Buffer[] = [];
  for await (const c of ctx.files.read(ref)) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
};

const ROWS = [
  { id: 1, name: 'ACME; "the" company', amount: 12.5, paid: true, booked: '2026-03-01', tags: ['a', 'b'] },
  { id: 2, name: 'Globex\nsecond line', amount: -3, paid: false, booked: '2026-03-02', tags: [] },
  { id: 3, name: 'Ä Ö Ü', amount: null, paid: false, booked: '2026-03-03', tags: null },
];

describe('csv.build', () => {
  it('writes a CSV file that csv.parse reads back to the same rows', async () => {
    const ctx = makeTestContext();
    const built = (await build.execute(
      ctx,
      { rows: ROWS },
      build.config.parse({
        rows: 'rows',
        delimiter: ';',
        columns: [
          { field: 'id', header: 'Nr' },
          { field: 'name', header: 'Kunde' },
          { field: 'amount', header: 'Betrag' },
          { field: 'paid' },
          { field: 'booked' },
        ],
      }),
    )) as { file: FileRef; count: number };
    expect(built.count).toBe(3);
    expect(built.file).toMatchObject({ name: 'export.csv', contentType: 'text/csv' });
    expect((await text(ctx, built.file)).split('\n')[0]).toBe('Nr;Kunde;Betrag;paid;booked');
    const back = (await parse.execute(
      ctx,
      built,
      parse.config.parse({
        input: 'file',
        delimiter: ';',
        headerMap: { Nr: 'id', Kunde: 'name', Betrag: 'amount' },
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'amount', type: 'number' },
          { name: 'paid', type: 'boolean' },
          { name: 'booked', type: 'date' },
        ],
      }),
    )) as { rows: unknown[]; rejected: number };
    expect(back.rejected).toBe(0);
    expect(back.rows).toEqual(ROWS.map(({ tags: _, ...r }) => r));
  });

  it('builds from a JSON Lines file, naming the columns after the first row, as text with CRLF', async () => {
    const ctx = makeTestContext();
    const rowsFile = await ctx.files.write(
      'rows.jsonl',
      'application/x-ndjson',
      '{"id":1,"meta":{"k":"v"}}\n\n{"id":2,"meta":null}\n',
    );
    const out = await build.execute(
      ctx,
      { rowsFile },
      build.config.parse({ rows: 'rowsFile', output: 'text', eol: '\r\n' }),
    );
    expect(out).toEqual({ text: 'id,meta\r\n1,"{""k"":""v""}"\r\n2,\r\n', count: 2 });
  });

  it('refuses rows that are not objects and an expression that gives no rows, saying which', async () => {
    const ctx = makeTestContext();
    await expect(build.execute(ctx, [{ a: 1 }, 5], build.config.parse({}))).rejects.toThrow(
      'rows: row 2 is number, not an object',
    );
    await expect(build.execute(ctx, 'x', build.config.parse({}))).rejects.toThrow(
      'rows must give a list of objects or a JSON Lines file reference; it gave string',
    );
    const bad = await ctx.files.write('bad.jsonl', 'application/x-ndjson', '{"a":1}\n{oops\n');
    await expect(build.execute(ctx, bad, build.config.parse({}))).rejects.toThrow(
      /rows file "bad.jsonl", line 2: not JSON/,
    );
  });
});
