import { z } from '@hono/zod-openapi';
import { newApi, jsonContent, errors, queryInteger, queryTime } from '../openapi.ts';
import { route } from '../route.ts';
import { AuditPage, AuditVerification } from '../schemas/admin.ts';
import type { AuditEntry, AuditLog } from '../../security/audit.ts';

const query = z.object({
  action: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'Action, or its beginning (e.g. "flow." for every flow change)' }),
  actor: z.string().max(254).optional().openapi({ description: 'User email, token name, or their id' }),
  target: z.string().max(200).optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
  before: queryInteger.optional().openapi({ description: 'Page: entries older than this seq' }),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});

const CSV_COLUMNS = [
  'seq',
  'at',
  'actorKind',
  'actorId',
  'actorName',
  'action',
  'target',
  'before',
  'after',
  'detail',
  'prevHash',
  'hash',
] as const;

function csvCell(v: unknown): string {
  const s =
    v === null || v === undefined
      ? ''
      : typeof v === 'string'
        ? v
        : typeof v === 'number'
          ? String(v)
          : JSON.stringify(v);
  // Cells that a spreadsheet would run as a formula are prefixed with a quote.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(entries: AuditEntry[]): string {
  const rows = entries.map((e) =>
    CSV_COLUMNS.map((k) => csvCell(k === 'at' ? new Date(e.at).toISOString() : e[k])).join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

export function auditRoutes({ audit }: { audit: AuditLog }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/audit',
      tags: ['audit'],
      operationId: 'listAuditEntries',
      summary: 'Audit log entries, newest first, filtered; format=csv downloads them',
      request: { query },
      responses: {
        200: {
          description: 'Entries (format=json), or a CSV download (format=csv) with one row per entry',
          content: { 'application/json': { schema: AuditPage }, 'text/csv': { schema: z.string() } },
        },
        ...errors(400),
      },
    }),
    async (c) => {
      const { format, ...f } = c.req.valid('query');
      const entries = await audit.list(f);
      if (format === 'csv') {
        c.header('content-disposition', 'attachment; filename="weft-audit.csv"');
        return c.body(toCsv(entries), 200, { 'content-type': 'text/csv; charset=utf-8' }) as never;
      }
      return c.json({ entries }, 200);
    },
  );

  app.openapi(
    route({
      access: 'admin',
      method: 'get',
      path: '/audit/verify',
      tags: ['audit'],
      operationId: 'verifyAuditLog',
      summary: 'Check the hash chain of the whole audit log',
      responses: { 200: jsonContent(AuditVerification, 'The chain holds, or where it breaks') },
    }),
    async (c) => c.json(await audit.verify(), 200),
  );
  return app;
}
