import { z } from 'zod';
import { defineNode, expression, PORTS } from '../define-node.ts';
import { ErrorCodes, WeftError } from '../../shared/errors.ts';
import { IO_RETRY } from '../../shared/retry-policy.ts';
import { lookupEntries, lookupName, lookupWriteMode } from '../../shared/lookups.ts';

const config = z
  .object({
    table: lookupName.describe('Name of the lookup table to write into, e.g. crm_to_erp; it must exist'),
    entries: expression(
      'JSONata expression over the input giving one { key, value } or a list of them, e.g. { "key": accountId, "value": $steps.erp.output.customerNumber }',
    ),
    mode: lookupWriteMode
      .default('upsert')
      .describe(
        'Whether a key the table holds is set ("upsert") or keeps its value ("insert-only", which adds only keys the table lacks)',
      ),
  })
  .strict();

/** The entries an expression gave, as a list with text keys (a number key is written as its text). */
export function entriesOf(value: unknown): z.output<typeof lookupEntries> {
  const list = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  const keyed = list.map((e) =>
    e !== null && typeof e === 'object' && typeof (e as { key?: unknown }).key === 'number'
      ? { ...e, key: String((e as { key: number }).key) }
      : e,
  );
  const parsed = lookupEntries.safeParse(keyed);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const at = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new WeftError(
    ErrorCodes.validation,
    `entries: ${issue.message}${at}; the expression must give { key, value } or a list of them, with distinct text keys`,
    { retryable: false, details: { issues: parsed.error.issues } },
  );
}

export default defineNode({
  type: 'lookup.write',
  typeVersion: 1,
  title: 'Write lookup table',
  category: 'transform',
  recorded: true,
  description:
    'Writes key → value entries into a lookup table, such as the cross-reference of ids between two systems, for $lookup in later steps and runs. Each write that changes the table makes a new version with an audit entry naming the run; writing the same entries again changes nothing.',
  ports: PORTS.step,
  config,
  retry: IO_RETRY,
  async execute(ctx, input, c) {
    const entries = entriesOf(await ctx.evaluate(c.entries, input));
    return ctx.writeLookup(c.table, entries, c.mode);
  },
});
