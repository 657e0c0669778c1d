import { createRoute, z } from '@hono/zod-openapi';
import { WeftError, ErrorCodes } from '../../../shared/errors.ts';
import { RUN_STATUSES, type RunSummary } from '../../../shared/run.ts';
import type { FlowDefinition } from '../../../shared/flow.ts';
import type { RunRow } from '../../store/run-store.ts';
import { runView } from '../../engine/run-view.ts';
import type { Weft } from '../../weft.ts';
import { newApi, jsonContent, errorResponses, anyJson } from '../openapi.ts';

const tags = ['runs'];
const time = z.union([z.coerce.number().int(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const listQuery = z.object({
  flowId: z.string().optional(),
  status: z.enum(RUN_STATUSES).optional(),
  mode: z.enum(['live', 'test']).optional(),
  from: time.optional().openapi({ description: 'Created at or after (ms since epoch or ISO 8601)' }),
  to: time.optional().openapi({ description: 'Created before (ms since epoch or ISO 8601)' }),
  q: z.string().max(200).optional().openapi({
    description: 'Text to find, case-insensitively and literally (no wildcards), in the trigger event (body, headers, query), the correlation id or the business (dedupe) key',
    example: 'ACME-1042',
  }),
  before: z.string().optional().openapi({ description: 'Page: runs older than this run id' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const idParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });

export function runRoutes(weft: Weft) {
  const app = newApi();
  const definitionOf = (row: RunRow): FlowDefinition | undefined => {
    if (row.version !== null) return weft.flows.version(row.flowId, row.version);
    const full = weft.runStore.run(row.id);
    return full?.definition ? JSON.parse(full.definition) : undefined;
  };
  const view = (row: RunRow, steps: boolean) => runView(row, steps, weft.runStore, definitionOf, { previewCap: weft.config.stepPayloadCap });

  app.openapi(createRoute({ method: 'get', path: '/runs', tags, summary: 'Run history, newest first, filtered by flow, status, mode, time range and text',
    description: 'Each run comes without its trigger event and steps, with `attempts` (all its steps together) and `durationMs` (null while running). `next` is the `before` value of the next page, or null on the last page.',
    request: { query: listQuery }, responses: { 200: jsonContent(anyJson, 'Runs'), ...errorResponses } }),
    (c) => {
      const q = c.req.valid('query');
      const rows = weft.runQueries.list(q);
      const runs = rows.map(({ attempts, durationMs, ...r }): RunSummary => {
        const { trigger: _t, ...rest } = view(r, false);
        return { ...rest, attempts, durationMs };
      });
      return c.json({ runs, next: rows.length === q.limit ? rows[rows.length - 1].id : null }, 200);
    });

  app.openapi(createRoute({ method: 'get', path: '/runs/{id}', tags, summary: 'One run with every step: input, output, error, attempts, timings', request: { params: idParam }, responses: { 200: jsonContent(anyJson, 'Run'), ...errorResponses } }),
    (c) => {
      const row = weft.runStore.run(c.req.valid('param').id);
      if (!row) throw new WeftError(ErrorCodes.notFound, `run "${c.req.valid('param').id}" not found`);
      return c.json(view(row, true), 200);
    });

  app.openapi(createRoute({ method: 'post', path: '/runs/{id}/retry', tags, summary: 'Retry a failed run from its failed step; completed steps keep their outputs', request: { params: idParam }, responses: { 202: jsonContent(anyJson, 'Retrying'), ...errorResponses } }),
    async (c) => {
      const id = c.req.valid('param').id;
      await weft.engine.retryFailed(id);
      return c.json({ runId: id, status: 'running' }, 202);
    });

  return app;
}
