import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { JSON_LINES_TYPE, toJsonLines } from '../../shared/json-lines.ts';
import { csvColumnSchema } from './column-types.ts';
import { CsvProblems, csvRows, type CsvReadOptions } from './csv-rows.ts';
import { csvSource } from './sources.ts';

/** Errors kept in the output however many rows are bad (`rejected` counts them all). */
export const MAX_KEPT_ERRORS = 1000;

const config = z
  .object({
    input: expression(
      'JSONata expression giving the CSV: a file reference (e.g. $steps.download.output.file) or the text itself',
    ).default('$'),
    delimiter: z.string().min(1).max(4).default(',').describe('Field separator, e.g. "," or ";" or "\\t"'),
    header: z.boolean().default(true).describe('The first row names the columns'),
    headerMap: z
      .record(z.string(), z.string().min(1).max(200))
      .default({})
      .describe('CSV header → field name, e.g. { "Betrag": "amount" }; unmapped headers keep their name'),
    columns: z
      .array(csvColumnSchema)
      .max(500)
      .default([])
      .describe(
        'Typed columns by field name; without a header row they name the fields in order. Unlisted fields stay text',
      ),
    lineField: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'Field that gets each good row\'s line number in the CSV, e.g. "line", so later steps can report a row by its line',
      ),
    skipEmptyLines: z.boolean().default(true).describe('Leave out empty lines instead of reporting them'),
    trim: z.boolean().default(false).describe('Remove spaces around each value'),
    output: z
      .enum(['rows', 'file'])
      .default('rows')
      .describe(
        'What to output: "rows" gives { rows, errors, count, rejected }; "file" writes the good rows as a JSON Lines file and outputs { file, count, errors, rejected } (for large files)',
      ),
    fileName: z.string().min(1).max(255).default('rows.jsonl').describe('Name of the JSON Lines file (output "file")'),
    maxRows: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(50_000)
      .describe('Most rows output "rows" holds in the step output; more fail the step (use output "file")'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.header && c.columns.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['columns'],
        message: 'without a header row, columns must name the fields',
      });
    const seen = new Set<string>();
    for (const [i, col] of c.columns.entries()) {
      if (seen.has(col.name))
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'name'], message: `column "${col.name}" is listed twice` });
      seen.add(col.name);
      if (col.name === c.lineField)
        ctx.addIssue({
          code: 'custom',
          path: ['lineField'],
          message: `"${c.lineField}" is also a column; the line number needs a field of its own`,
        });
      if (col.format && col.type !== 'date')
        ctx.addIssue({ code: 'custom', path: ['columns', i, 'format'], message: 'a format is for date columns only' });
    }
  });

export default defineNode({
  type: 'csv.parse',
  typeVersion: 1,
  title: 'Parse CSV',
  category: 'transform',
  description:
    'Reads a CSV file or text into rows, streaming: header mapping, typed columns (text, integer, number, boolean, date by format, required or optional). Every bad row is reported with its line, column and what is wrong, and the good rows go on. Large files go to a JSON Lines file a loop reads batch by batch.',
  ports: PORTS.step,
  config,
  async execute(ctx, input, c) {
    const source = csvSource(ctx, await ctx.evaluate(c.input, input), 'input');
    const options: CsvReadOptions = {
      delimiter: c.delimiter === '\\t' ? '\t' : c.delimiter,
      header: c.header,
      headerMap: c.headerMap,
      columns: c.columns,
      skipEmptyLines: c.skipEmptyLines,
      trim: c.trim,
      lineField: c.lineField,
    };
    const problems = new CsvProblems(MAX_KEPT_ERRORS);
    const rows = csvRows(source, options, problems, ctx.signal);
    if (c.output === 'file') {
      let count = 0;
      const counted = (async function* () {
        for await (const row of rows) {
          count++;
          yield row;
        }
      })();
      const file = await ctx.files.write(c.fileName, JSON_LINES_TYPE, toJsonLines(counted));
      return { file, count, errors: problems.inOrder(), rejected: problems.rejected };
    }
    const out: Record<string, unknown>[] = [];
    for await (const row of rows) {
      if (out.length >= c.maxRows)
        throw new WeftError(
          ErrorCodes.validation,
          `the CSV has more than ${c.maxRows} good rows (maxRows); use output "file" to write them to a JSON Lines file`,
        );
      out.push(row);
    }
    return { rows: out, errors: problems.inOrder(), count: out.length, rejected: problems.rejected };
  },
});
