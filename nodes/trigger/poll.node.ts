import { z } from 'zod';
import { defineNode, PORTS } from '../define-node.ts';
import { checkCron } from './schedule.node.ts';
import { triggerBody } from './body.ts';

/** A JSONata expression over one record or the response, written without a leading "=". */
const expression = (what: string, example: string) =>
  z.string().min(1).max(2000).describe(`JSONata expression: ${what}, e.g. "${example}"`);

/** A query value: text in which each {{expression}} is replaced by its value over { cursor, limit }. */
const TEMPLATE = /\{\{([\s\S]*?)\}\}/g;

const request = z
  .object({
    method: z.literal('GET').default('GET').describe('HTTP method (polls only read)'),
    path: z
      .string()
      .min(1)
      .max(2000)
      .regex(/^\//, 'a path below the connection\'s base URL, starting with "/"')
      .describe('Path below the connection\'s base URL, e.g. "/psa/time-entries/changes"'),
    query: z
      .record(z.string().min(1).max(200), z.string().max(2000))
      .default({})
      .describe(
        'Query parameters; {{expression}} is replaced by its value over { cursor, limit }, e.g. {"since": "{{cursor.since}}", "afterId": "{{cursor.afterId}}", "limit": "{{limit}}"}. A parameter whose only {{expression}} is null or missing is left out',
      ),
    headers: z.record(z.string(), z.string()).default({}).describe("Request headers besides the connection's own"),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000).describe('Time allowed for one request'),
  })
  .strict()
  .describe("The request that asks for one page of changes, below the connection's base URL");

const cursor = z
  .object({
    kind: z
      .enum(['updatedSince', 'increasingId'])
      .default('updatedSince')
      .describe(
        'updatedSince: records changed since a timestamp, ties broken by id (cursor { since, afterId }); increasingId: records with an id above the last one (cursor { afterId })',
      ),
    timestamp: expression("the record's change time (updatedSince)", 'updatedAt').default('updatedAt'),
    initial: z
      .object({
        since: z.string().max(100).optional().describe('updatedSince: ISO time to start from'),
        afterId: z
          .union([z.string().max(500), z.number()])
          .optional()
          .describe('The id to start after'),
      })
      .strict()
      .default({})
      .describe('Where the first poll starts (and where a reset without a cursor goes back to)'),
  })
  .strict()
  .default({ kind: 'updatedSince', timestamp: 'updatedAt', initial: {} })
  .describe('How far the system has been read: kept in the database, moved once the runs of a page are stored');

export const pollTriggerConfig = z
  .object({
    connection: z
      .string()
      .min(1)
      .max(63)
      .describe('A stored connection: base URL and authentication of the polled system')
      .meta({ 'x-weft-connection': true }),
    request,
    intervalMs: z
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(60_000)
      .describe('How long after a poll the next one starts (after errors: longer, doubling up to 10 times as long)'),
    cron: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Poll on a cron pattern (UTC) instead of every intervalMs, e.g. "*/5 * * * *"'),
    records: expression('where the records are in the response', 'records').default('records'),
    id: expression("the record's id", 'id').default('id'),
    version: expression(
      "the record's version: a changed record (another version) starts another run",
      'version',
    ).default('version'),
    cursor,
    limit: z.number().int().min(1).max(10_000).default(100).describe('Records asked for per page ({{limit}})'),
    maxPages: z.number().int().min(1).max(1000).default(10).describe('Pages read per poll at most'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.cron !== undefined) {
      const bad = checkCron(c.cron, 'UTC');
      if (bad) ctx.addIssue({ code: 'custom', message: bad, path: ['cron'] });
    }
    for (const [name, value] of Object.entries(c.request.query)) {
      const open = value.split('{{').length - 1;
      if (open !== [...value.matchAll(TEMPLATE)].length || value.replace(TEMPLATE, '').includes('}}'))
        ctx.addIssue({
          code: 'custom',
          message: `unbalanced {{ }} in query parameter "${name}"`,
          path: ['request', 'query', name],
        });
    }
  });

export type PollTriggerConfig = z.output<typeof pollTriggerConfig>;

/** The {{expression}} parts of a query value, in order. */
export function templateParts(value: string): { text: string; expressions: string[] } {
  return { text: value, expressions: [...value.matchAll(TEMPLATE)].map((m) => m[1]!.trim()) };
}

export { TEMPLATE as QUERY_TEMPLATE };

export default defineNode({
  type: 'trigger.poll',
  typeVersion: 1,
  title: 'Poll an HTTP API',
  category: 'trigger',
  description:
    'Asks an HTTP API for changed records on a schedule and starts one run per new or changed record. It reads page by page from a stored cursor (updatedSince with an id tiebreak, or increasingId); each record id and version starts one run, once across restarts and processes, and the cursor moves only after every run of a page is stored. Outputs the record.',
  ports: PORTS.trigger,
  trigger: 'poll',
  config: pollTriggerConfig,
  execute: (_ctx, input) => triggerBody(input),
});
