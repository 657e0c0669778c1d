import { z } from '@hono/zod-openapi';
import { WeftError, ErrorCodes } from '../../../shared/errors.ts';
import { RUN_STATUSES, type RunSummary } from '../../../shared/run.ts';
import type { RunRow } from '../../store/run-store.ts';
import type { Store } from '../../store/ports.ts';
import { runView, type ViewOptions } from '../../engine/run-view.ts';
import type { FlowService } from '../../flows/flow-service.ts';
import { newApi, jsonBody, jsonContent, errors, errorSchema, optionalJsonBody, queryTime } from '../openapi.ts';
import { route } from '../route.ts';
import { BulkResult, FailedGroups, ItemsRetry, Replay, Run, RunPage, RunStatusChange } from '../schemas/runs.ts';
import { BULK_LIMIT, type RunOperations } from '../../runs/run-operations.ts';
import { principalOf } from '../../security/authorize.ts';

const tags = ['runs'];
/** A text search over trigger events looks through the newest this many runs matching the other filters. */
export const TEXT_SEARCH_RUNS = 10_000;
/** A time in a JSON body: milliseconds since the epoch, or ISO 8601 with a time zone. */
const bodyTime = z.union([z.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const listQuery = z.object({
  flowId: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  mode: z.enum(['live', 'test']).optional(),
  from: queryTime.optional().openapi({ description: 'Created at or after (ms since epoch or ISO 8601)' }),
  to: queryTime.optional().openapi({ description: 'Created before (ms since epoch or ISO 8601)' }),
  q: z.string().max(200).optional().openapi({
    description:
      'Finds the runs of every flow whose business key is exactly this text, and the runs holding it, case-insensitively and literally (no wildcards), in the trigger event (body, headers, query), the correlation id or the dedupe key. The text is looked for in the newest 10,000 runs matching the other filters (`searchedFrom` in the answer says since when); set `to` to search earlier runs.',
    example: 'INV-1042',
  }),
  nodeId: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'Only runs that failed at this step (as the failed-runs queue groups them)' }),
  errorCode: z.string().max(200).optional().openapi({ description: 'Only runs whose error has this code' }),
  before: z.string().optional().openapi({ description: 'Page: the runs listed after this run id (older)' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const idParam = z.object({
  id: z
    .string()
    .min(1)
    // A loop's body run is named after its run, loop and item: "<run>.<loop>.<index>", nested loops longer.
    .max(1000)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

export interface RunRouteDeps {
  runOperations: RunOperations;
  /** Runs with their steps, and the run history. */
  store: Pick<Store, 'runs' | 'runQueries'>;
  /** Published versions (for step names) and who owns a flow (analysts see the runs of their own). */
  flows: Pick<FlowService, 'version' | 'ownerOf'>;
  /** Step payloads longer than this are shown as a preview (WEFT_STEP_PAYLOAD_CAP). */
  previewCap: number;
}

export function runRoutes({ runOperations: ops, store, flows, previewCap }: RunRouteDeps) {
  const app = newApi();
  const view = (row: RunRow, steps: boolean, version: ViewOptions['version'] = (f, v) => flows.version(f, v)) =>
    runView(row, steps, store.runs, { previewCap, version });

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/runs',
      tags,
      operationId: 'listRuns',
      summary: 'Run history, newest first, filtered by flow, status, mode, time range, business key and text',
      description:
        "Newest first, by creation time. Each run comes without its trigger event and steps, with `attempts` (all its steps together), `durationMs` (null while running), its business key and its flow's business process and criticality. `next` is the `before` value of the next page, or null on the last page.",
      request: { query: listQuery },
      responses: { 200: jsonContent(RunPage, 'Runs'), ...errors(400) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const p = principalOf(c);
      const filter = p.role === 'analyst' ? { ...q, flowOwnerId: p.id } : q;
      const textFrom = q.q?.trim() ? await store.runQueries.textWindow(filter, TEXT_SEARCH_RUNS) : undefined;
      const rows = await store.runQueries.list({ ...filter, textFrom });
      // A page holds runs of a few versions: each version's definition is read once.
      const versions = new Map<string, ReturnType<FlowService['version']>>();
      const version = (flowId: string, v: number) => {
        const key = `${v}:${flowId}`;
        if (!versions.has(key)) versions.set(key, flows.version(flowId, v));
        return versions.get(key)!;
      };
      const runs = await Promise.all(
        rows.map(async ({ attempts, durationMs, ...r }): Promise<RunSummary> => {
          const { trigger: _t, ...rest } = await view(r, false, version);
          return { ...rest, attempts, durationMs };
        }),
      );
      const next = rows.length === q.limit ? rows[rows.length - 1].id : null;
      return c.json({ runs, next, searchedFrom: textFrom ?? null }, 200);
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'get',
      path: '/runs/{id}',
      tags,
      operationId: 'getRun',
      summary: 'One run with every step: input, output, error, attempts, timings',
      request: { params: idParam },
      responses: {
        200: jsonContent(Run, 'Run'),
        403: jsonContent(errorSchema, 'An analyst asked for a live run of a flow they did not create'),
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const row = await store.runs.run(c.req.valid('param').id);
      if (!row) throw new WeftError(ErrorCodes.notFound, `run "${c.req.valid('param').id}" not found`);
      const p = principalOf(c);
      if (p.role === 'analyst' && row.mode === 'live' && (await flows.ownerOf(row.flowId)) !== p.id)
        throw new WeftError(
          'forbidden',
          `analysts read the live runs of the flows they created (and test runs); flow "${row.flowId}" is not one of them`,
        );
      return c.json(await view(row, true), 200);
    },
  );

  /** Reads an optional JSON body: absent or empty means {}; malformed or invalid is a 400. */
  const bodyOf = async <T extends z.ZodType>(
    c: { req: { text(): Promise<string> } },
    schema: T,
  ): Promise<z.output<T>> => {
    const text = await c.req.text();
    let raw: unknown = {};
    if (text.trim() !== '') {
      try {
        raw = JSON.parse(text);
      } catch (err) {
        throw new WeftError(ErrorCodes.badRequest, `the body is not valid JSON: ${(err as Error).message}`);
      }
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new WeftError(
        ErrorCodes.badRequest,
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    return parsed.data;
  };
  const note = z.string().max(2000).optional();
  const reason = z.string().trim().min(1, 'give a reason').max(2000);
  const retryBody = z.object({ input: z.unknown().optional(), patch: z.unknown().optional(), note }).strict();
  const failedFilter = z
    .object({
      flowId: z.string().optional(),
      nodeId: z.string().optional(),
      errorCode: z.string().optional(),
      from: bodyTime.optional(),
      to: bodyTime.optional(),
    })
    .strict();
  const failedQuery = failedFilter.extend({ from: queryTime.optional(), to: queryTime.optional() });

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/runs/{id}/retry',
      tags,
      operationId: 'retryRun',
      summary:
        'Retry a failed run from its failed step, optionally with an edited input (`input` replaces it, `patch` is a JSON Merge Patch); completed steps keep their outputs and connectors their idempotency keys',
      request: { params: idParam, body: optionalJsonBody(retryBody) },
      responses: { 202: jsonContent(RunStatusChange, 'Retrying'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      const b = await bodyOf(c, retryBody);
      await ops.retry(id, b, principalOf(c));
      return c.json({ runId: id, status: 'running' as const }, 202);
    },
  );

  const itemsParam = idParam.extend({
    node: z
      .string()
      .min(1)
      .max(120)
      .openapi({ param: { name: 'node', in: 'path' } }),
  });
  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/runs/{id}/steps/{node}/retry-failed-items',
      tags,
      operationId: 'retryFailedLoopItems',
      summary:
        "Retry only the failed items of a finished run's loop step: its body runs that succeeded keep their results, the failed ones run again from their failed step with the same idempotency keys, and the steps after the loop run again with its new output",
      request: { params: itemsParam, body: optionalJsonBody(z.object({ note }).strict()) },
      responses: { 202: jsonContent(ItemsRetry, 'Retrying'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { id, node } = c.req.valid('param');
      const { note: n } = await bodyOf(c, z.object({ note }).strict());
      const { items } = await ops.retryFailedItems(id, node, n, principalOf(c));
      return c.json({ runId: id, status: 'running' as const, items }, 202);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/runs/{id}/replay',
      tags,
      operationId: 'replayRun',
      summary:
        "Run the same version again from this run's trigger event; connector steps send the original run's idempotency keys, so nothing that succeeded happens twice",
      request: { params: idParam, body: optionalJsonBody(z.object({ note }).strict()) },
      responses: { 202: jsonContent(Replay, 'The new run'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { note: n } = await bodyOf(c, z.object({ note }).strict());
      const id = c.req.valid('param').id;
      return c.json(await ops.replay(id, n, principalOf(c)), 202);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/runs/{id}/discard',
      tags,
      operationId: 'discardRun',
      summary: 'Set a failed run aside with a reason; it leaves the failed-runs queue',
      request: { params: idParam, body: jsonBody(z.object({ reason })) },
      responses: { 200: jsonContent(RunStatusChange, 'Discarded'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await ops.discard(id, c.req.valid('json').reason, principalOf(c));
      return c.json({ runId: id, status: 'discarded' as const }, 200);
    },
  );

  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/runs/{id}/cancel',
      tags,
      operationId: 'cancelRun',
      summary: 'Stop a running run (also one waiting for a retry) with a reason',
      request: { params: idParam, body: jsonBody(z.object({ reason })) },
      responses: { 200: jsonContent(RunStatusChange, 'Cancelled'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const id = c.req.valid('param').id;
      await ops.cancel(id, c.req.valid('json').reason, principalOf(c));
      return c.json({ runId: id, status: 'cancelled' as const }, 200);
    },
  );

  const decision = z.object({ comment: z.string().max(2000).optional() }).strict();
  for (const action of ['approve', 'reject'] as const) {
    app.openapi(
      route({
        access: 'operator',
        method: 'post',
        path: `/runs/{id}/${action}`,
        tags,
        operationId: `${action}Run`,
        summary:
          action === 'approve'
            ? 'Approve a run waiting at an approval step: it leaves by "approved"'
            : 'Reject a run waiting at an approval step: it leaves by "rejected"',
        request: { params: idParam, body: optionalJsonBody(decision) },
        responses: { 202: jsonContent(RunStatusChange, 'Going on'), ...errors(400, 404, 409) },
      }),
      async (c) => {
        const id = c.req.valid('param').id;
        const { comment } = await bodyOf(c, decision);
        await ops.decide(id, action, comment, principalOf(c));
        return c.json({ runId: id, status: 'running' as const }, 202);
      },
    );
  }

  app.openapi(
    route({
      access: 'operator',
      method: 'get',
      path: '/runs/failed/summary',
      tags,
      operationId: 'summarizeFailedRuns',
      summary: 'The failed-runs queue grouped by flow, failing node and error code, biggest groups first',
      request: { query: failedQuery },
      responses: { 200: jsonContent(FailedGroups, 'Groups'), ...errors(400) },
    }),
    async (c) => c.json({ groups: await ops.summary(c.req.valid('query')) }, 200),
  );

  const bulkBody = z
    .object({
      action: z.enum(['retry', 'replay', 'discard']),
      ids: z.array(z.string().min(1)).min(1).max(BULK_LIMIT).optional(),
      filter: failedFilter.optional(),
      patch: z.unknown().optional(),
      note,
      reason: reason.optional(),
    })
    .strict()
    .refine((b) => (b.ids === undefined) !== (b.filter === undefined), { message: 'send either "ids" or "filter"' })
    .refine((b) => b.action !== 'discard' || b.reason !== undefined, {
      message: 'discarding needs a "reason"',
      path: ['reason'],
    })
    .refine((b) => b.action === 'retry' || b.patch === undefined, {
      message: 'only a retry takes a "patch"',
      path: ['patch'],
    });
  app.openapi(
    route({
      access: 'operator',
      method: 'post',
      path: '/runs/bulk',
      tags,
      operationId: 'bulkRunAction',
      summary: `Retry (optionally with a JSON Merge Patch on each failed step's input), replay or discard many runs, given by id or by a filter on the failed-runs queue (at most ${BULK_LIMIT})`,
      request: { body: jsonBody(bulkBody) },
      responses: { 200: jsonContent(BulkResult, 'What was done and what was refused'), ...errors(400) },
    }),
    async (c) => {
      const b = c.req.valid('json');
      const result = await ops.bulk(
        b.action,
        { ids: b.ids, filter: b.filter },
        { patch: b.patch, note: b.note, reason: b.reason },
        principalOf(c),
      );
      return c.json(result, 200);
    },
  );

  return app;
}
