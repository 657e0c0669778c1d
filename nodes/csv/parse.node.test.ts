import { describe, expect, it } from 'vitest';
import { makeTestContext } from '../testing.ts';
import { MemoryFiles } from '../memory-files.ts';
import { jsonLineValues } from '../../shared/json-lines.ts';
import type { FileRef } from '../../shared/file-ref.ts';
import parse from './parse.node.ts';

const run = async (input: unknown, config: Record<string, unknown>, ctx = makeTestContext()) =>
  (await parse.execute(ctx, input, parse.config.parse(config))) as {
    rows: Record<string, unknown>[];
    errors: { line: number; column: string | null; message: string }[];
    count: number;
    rejected: number;
  };

const BOOKINGS = [
  'Buchung;Betrag;Datum;Storno;Kunde',
  '1;12,50;01.03.2026;no;ACME',
  '2;12,x;02.03.2026;yes;Globex',
  '',
  '3;7;31.02.2026;no;Initech',
  '4;;03.03.2026;yes;',
  'x;3,10;04.03.2026;1;Hooli',
  '6;1,00;05.03.2026;0',
  '7;99,99;06.03.2026;false;Umbrella',
].join('\n');

const typed = {
  input: 'csv',
  delimiter: ';',
  headerMap: { Buchung: 'id', Betrag: 'amount', Datum: 'date', Storno: 'cancelled', Kunde: 'customer' },
  columns: [
    { name: 'id', type: 'integer', required: true },
    { name: 'amount', type: 'number', decimal: ',', required: true },
    { name: 'date', type: 'date', format: 'dd.MM.yyyy' },
    { name: 'cancelled', type: 'boolean' },
  ],
};

describe('csv.parse', () => {
  it('reads typed columns under mapped names and reports every bad row with its line, column and what is wrong', async () => {
    const out = await run({ csv: BOOKINGS }, typed);
    expect(out.rows).toEqual([
      { id: 1, amount: 12.5, date: '2026-03-01', cancelled: false, customer: 'ACME' },
      { id: 7, amount: 99.99, date: '2026-03-06', cancelled: false, customer: 'Umbrella' },
    ]);
    expect(out.errors.map((e) => e.message)).toEqual([
      'line 3, column amount: "12,x" is not a number',
      'line 5, column date: "31.02.2026" is not a date of the form dd.MM.yyyy',
      'line 6, column amount: a value is required',
      'line 7, column id: "x" is not an integer',
      expect.stringMatching(/^line 8: Invalid Record Length: expect 5, got 4/),
    ]);
    expect(out.errors[0]).toEqual({
      line: 3,
      column: 'amount',
      message: 'line 3, column amount: "12,x" is not a number',
    });
    expect(out.errors[4]!.column).toBeNull();
    expect(out).toMatchObject({ count: 2, rejected: 5 });
  });

  it('lets good rows through around the bad ones, with header mapping and optional empty values as null', async () => {
    const csv = 'Kundennr,Name,Umsatz\n100,ACME,1.5\n101,Globex,\n102,Initech,abc\n103,"Hooli, Inc.",2e3\n';
    const out = await run(csv, {
      headerMap: { Kundennr: 'customerId', Umsatz: 'revenue' },
      columns: [
        { name: 'customerId', type: 'integer', required: true },
        { name: 'revenue', type: 'number' },
      ],
    });
    expect(out.rows).toEqual([
      { customerId: 100, Name: 'ACME', revenue: 1.5 },
      { customerId: 101, Name: 'Globex', revenue: null },
      { customerId: 103, Name: 'Hooli, Inc.', revenue: 2000 },
    ]);
    expect(out.errors).toEqual([
      { line: 4, column: 'revenue', message: 'line 4, column revenue: "abc" is not a number' },
    ]);
  });

  it('names the fields by the columns without a header row, trims, and reads dates with a time', async () => {
    const out = await run(' a , 2026-03-01 08:15 , TRUE \n\n b ,2026-03-02 17:00,no\n', {
      header: false,
      trim: true,
      columns: [
        { name: 'code' },
        { name: 'at', type: 'date', format: 'yyyy-MM-dd HH:mm' },
        { name: 'ok', type: 'boolean' },
      ],
    });
    expect(out.rows).toEqual([
      { code: 'a', at: '2026-03-01T08:15:00', ok: true },
      { code: 'b', at: '2026-03-02T17:00:00', ok: false },
    ]);
  });

  it('refuses a header without a required column, an input that is no CSV, and a config without field names', async () => {
    await expect(run('a,b\n1,2\n', { columns: [{ name: 'amount', required: true }] })).rejects.toThrow(
      'column "amount" is required but the header has no such column (it has: a, b)',
    );
    await expect(run({ n: 1 }, { input: 'n' })).rejects.toThrow(
      'input must give a file reference ({ "$weftFile": … }) or the CSV text; it gave number',
    );
    expect(parse.config.safeParse({ header: false }).error?.issues[0]?.message).toBe(
      'without a header row, columns must name the fields',
    );
  });

  it('reads a CSV file and writes the good rows as a JSON Lines file with output "file"', async () => {
    const files = new MemoryFiles();
    const ctx = makeTestContext({ memoryFiles: files });
    const csv = await ctx.files.write('in.csv', 'text/csv', 'id,amount\n1,2.5\n2,x\n3,4\n');
    const out = (await parse.execute(
      ctx,
      { csv },
      parse.config.parse({ input: 'csv', output: 'file', columns: [{ name: 'amount', type: 'number' }] }),
    )) as { file: FileRef; count: number; rejected: number; errors: unknown[] };
    expect(out).toMatchObject({
      count: 2,
      rejected: 1,
      file: { name: 'rows.jsonl', contentType: 'application/x-ndjson' },
    });
    const rows: unknown[] = [];
    for await (const v of jsonLineValues(ctx.files.read(out.file))) rows.push(v);
    expect(rows).toEqual([
      { id: '1', amount: 2.5 },
      { id: '3', amount: 4 },
    ]);
  });

  it('gives each good row its line number in lineField, counting empty lines and quoted line breaks', async () => {
    const csv = 'id,note\n1,a\n\n2,"two\nlines"\n3,c\n';
    const out = await run(csv, { lineField: 'line', columns: [{ name: 'id', type: 'integer' }] });
    expect(out.rows).toEqual([
      { id: 1, note: 'a', line: 2 },
      { id: 2, note: 'two\nlines', line: 5 },
      { id: 3, note: 'c', line: 6 },
    ]);
    await expect(run('id,line\n1,2\n', { lineField: 'line' })).rejects.toThrow(
      'the header has a column "line", the field lineField names for the line number; choose another lineField',
    );
    expect(parse.config.safeParse({ lineField: 'line', columns: [{ name: 'line' }] }).error?.issues[0]?.message).toBe(
      '"line" is also a column; the line number needs a field of its own',
    );
  });

  it('fails past maxRows with output "rows", naming output "file"', async () => {
    await expect(run('a\n1\n2\n3\n', { maxRows: 2 })).rejects.toThrow(/more than 2 good rows .* use output "file"/);
  });

  it("refuses another run's file", async () => {
    const files = new MemoryFiles();
    const other = makeTestContext({ memoryFiles: files, runId: 'run-2' });
    const csv = await other.files.write('in.csv', 'text/csv', 'a\n1\n');
    await expect(run({ csv }, { input: 'csv' }, makeTestContext({ memoryFiles: files }))).rejects.toMatchObject({
      code: 'file_of_another_run',
    });
  });
});
