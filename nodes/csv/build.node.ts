import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { z } from 'zod';
import { defineNode, expression, PORTS, type NodeContext } from '../define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { isFileRef } from '../../shared/file-ref.ts';
import { jsonLineValues } from '../../shared/json-lines.ts';
import { kindOf } from './sources.ts';

/** Most characters output "text" holds; more fail the step (use output "file"). */
const MAX_TEXT_CHARS = 10 * 1024 * 1024;

const config = z
  .object({
    rows: expression(
      'JSONata expression giving the rows: a list of objects, or a JSON Lines file reference (e.g. $steps.parse.output.file)',
    ).default('$'),
    columns: z
      .array(
        z
          .object({
            field: z.string().min(1).max(200).describe('Field of the row (a.b for a nested one)'),
            header: z.string().max(200).optional().describe('Column name in the header row (default: the field)'),
          })
          .strict(),
      )
      .max(500)
      .default([])
      .describe('Columns in order; empty: the fields of the first row'),
    header: z.boolean().default(true).describe('Write a header row'),
    delimiter: z.string().min(1).max(4).default(',').describe('Field separator, e.g. "," or ";" or "\\t"'),
    eol: z.enum(['\n', '\r\n']).default('\n').describe('Line ending'),
    bom: z.boolean().default(false).describe('Start with a UTF-8 byte order mark (for Excel)'),
    output: z
      .enum(['file', 'text'])
      .default('file')
      .describe('What to output: "file" gives { file, count } with a CSV file reference, "text" gives { text, count }'),
    fileName: z.string().min(1).max(255).default('export.csv').describe('Name of the CSV file (output "file")'),
  })
  .strict();

/** The rows the expression gave, one at a time: from a list, or read line by line from a JSON Lines file. */
function rowsOf(ctx: NodeContext, value: unknown): AsyncIterable<unknown> {
  if (isFileRef(value)) return jsonLineValues(ctx.files.read(value), `rows file "${value.name}"`);
  if (Array.isArray(value))
    return (async function* () {
      yield* value;
    })();
  throw new WeftError(
    ErrorCodes.validation,
    `rows must give a list of objects or a JSON Lines file reference; it gave ${kindOf(value)}`,
  );
}

/** Only objects are rows; the first one names the columns when none are configured. */
async function* checked(rows: AsyncIterable<unknown>, count: { n: number }): AsyncIterable<Record<string, unknown>> {
  for await (const row of rows) {
    if (row === null || typeof row !== 'object' || Array.isArray(row))
      throw new WeftError(ErrorCodes.validation, `rows: row ${count.n + 1} is ${kindOf(row)}, not an object`);
    count.n++;
    yield row as Record<string, unknown>;
  }
}

export default defineNode({
  type: 'csv.build',
  typeVersion: 1,
  title: 'Build CSV',
  category: 'transform',
  description:
    'Writes rows (a list, or a JSON Lines file) as a CSV file or text, streaming: columns and their header names, delimiter, line ending.',
  ports: PORTS.step,
  config,
  async execute(ctx, input, c) {
    const count = { n: 0 };
    const rows = checked(rowsOf(ctx, await ctx.evaluate(c.rows, input)), count)[Symbol.asyncIterator]();
    const first = await rows.next();
    const columns = c.columns.length
      ? c.columns.map((col) => ({ key: col.field, header: col.header ?? col.field }))
      : first.done
        ? []
        : Object.keys(first.value).map((k) => ({ key: k, header: k }));
    const stringifier = stringify({
      header: c.header && columns.length > 0,
      columns: columns.length > 0 ? columns : undefined,
      delimiter: c.delimiter === '\\t' ? '\t' : c.delimiter,
      record_delimiter: c.eol === '\r\n' ? 'windows' : 'unix',
      bom: c.bom,
      cast: {
        boolean: (v) => String(v),
        date: (v) => v.toISOString(),
        object: (v) => JSON.stringify(v),
      },
    });
    const all = (async function* () {
      if (!first.done) yield first.value;
      for (let r = await rows.next(); !r.done; r = await rows.next()) yield r.value;
    })();
    const src = Readable.from(all);
    src.on('error', (err) => stringifier.destroy(err));
    src.pipe(stringifier);
    if (c.output === 'file') {
      const file = await ctx.files.write(c.fileName, 'text/csv', stringifier as AsyncIterable<Buffer>);
      return { file, count: count.n };
    }
    let text = '';
    for await (const piece of stringifier as AsyncIterable<Buffer | string>) {
      text += piece.toString();
      if (text.length > MAX_TEXT_CHARS) {
        src.destroy();
        throw new WeftError(
          ErrorCodes.validation,
          `the CSV is longer than ${MAX_TEXT_CHARS} characters; use output "file" for a CSV of this size`,
        );
      }
    }
    return { text, count: count.n };
  },
});
