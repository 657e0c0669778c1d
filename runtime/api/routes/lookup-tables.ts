import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { newApi, jsonContent, errors } from '../openapi.ts';
import { route } from '../route.ts';
import {
  LookupCsv,
  LookupReplaceInput,
  LookupTable,
  LookupTableDeleted,
  LookupTableInput,
  LookupTableList,
  LookupTableSummary,
} from '../schemas/lookups.ts';
import { principalOf } from '../../security/authorize.ts';
import type { LookupTables } from '../../lookups/lookup-tables.ts';
import { csvToEntries, entriesToCsv } from '../../lookups/lookup-csv.ts';
import { lookupEntries, lookupName, lookupReplaceInput, lookupTableInput } from '../../../shared/lookups.ts';
import { WeftError, ErrorCodes } from '../../../shared/errors.ts';
import type { LookupEntry } from '../../store/lookup-store.ts';

const tags = ['lookup tables'];
/** The name, or the name and ".csv" for the table as CSV. */
const nameParam = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}(\.csv)?$/, 'not a lookup table name')
    .openapi({ param: { name: 'name', in: 'path' }, example: 'crm_to_erp' }),
});
const csvBody = { 'text/csv': { schema: LookupCsv } };
const isCsv = (type: string | undefined) => (type ?? '').split(';')[0]!.trim().toLowerCase() === 'text/csv';

/** `crm_to_erp.csv` → CSV of crm_to_erp; a plain name answers CSV when Accept asks only for it. */
function target(c: Context, param: string): { name: string; csv: boolean } {
  if (param.endsWith('.csv')) return { name: param.slice(0, -4), csv: true };
  const accept = c.req.header('accept') ?? '';
  return { name: param, csv: /text\/csv/i.test(accept) && !/json/i.test(accept) };
}

/** Entries from a CSV body, checked like JSON ones; a problem names the CSV row (the header is row 1). */
async function csvEntries(c: Context): Promise<LookupEntry[]> {
  const parsed = lookupEntries.safeParse(csvToEntries(await c.req.text()));
  if (parsed.success) return parsed.data as LookupEntry[];
  const issues = parsed.error.issues.map((i) => ({
    path: typeof i.path[0] === 'number' ? `row ${i.path[0] + 2}` : i.path.join('.'),
    message: i.message.replace(/\(entries (\d+) and (\d+)\)/, (_, a, b) => `(rows ${+a + 2} and ${+b + 2})`),
  }));
  throw new WeftError(ErrorCodes.badRequest, `invalid CSV: ${issues[0]!.path}: ${issues[0]!.message}`, {
    details: { issues },
  });
}

/** A JSON body checked against `schema` (a route that also takes CSV validates its JSON here). */
function checked<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0]!;
  throw new WeftError(ErrorCodes.badRequest, `invalid body: ${first.path ? `${first.path}: ` : ''}${first.message}`, {
    details: { issues },
  });
}

async function jsonOf(c: Context): Promise<unknown> {
  if (!c.req.header('content-type'))
    throw new WeftError(
      ErrorCodes.badRequest,
      'send the table as JSON (Content-Type: application/json) or as CSV (text/csv)',
    );
  return c.req.json();
}

/** The version a replace read: If-Match ("3", W/"3" or 3) or the body's `version`. */
function versionOf(c: Context, body: number | undefined): number {
  const header = c.req.header('if-match');
  const v = header === undefined ? body : Number(header.replace(/^W\//, '').replace(/"/g, '').trim());
  if (v === undefined)
    throw new WeftError(
      ErrorCodes.badRequest,
      'name the version of the table you replace: an If-Match header or "version" in the body',
    );
  if (!Number.isInteger(v) || v < 1)
    throw new WeftError(
      ErrorCodes.badRequest,
      `If-Match must be the table's version (a whole number), not "${header}"`,
    );
  return v;
}

export function lookupTableRoutes({ lookups }: { lookups: LookupTables }) {
  const app = newApi();
  app.openapi(
    route({
      access: 'signed_in',
      method: 'get',
      path: '/lookup-tables',
      tags,
      operationId: 'listLookupTables',
      summary: 'Lookup tables: name, version, number of entries, last change',
      responses: { 200: jsonContent(LookupTableList, 'Lookup tables') },
    }),
    async (c) => c.json({ tables: await lookups.list() }, 200),
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'post',
      path: '/lookup-tables',
      tags,
      operationId: 'createLookupTable',
      summary: 'Create a lookup table from {name, entries} or from CSV (text/csv, with ?name=)',
      request: {
        query: z.object({ name: lookupName.optional() }),
        body: { content: { 'application/json': { schema: LookupTableInput }, ...csvBody }, required: false },
      },
      responses: { 201: jsonContent(LookupTableSummary, 'Created'), ...errors(400, 409) },
    }),
    async (c) => {
      let input: { name: string; entries: LookupEntry[] };
      if (isCsv(c.req.header('content-type'))) {
        const name = c.req.valid('query').name;
        if (!name) throw new WeftError(ErrorCodes.badRequest, 'name the new table: POST /api/lookup-tables?name=…');
        input = { name, entries: await csvEntries(c) };
      } else input = checked(lookupTableInput, await jsonOf(c)) as typeof input;
      const row = await lookups.create(input.name, input.entries, principalOf(c));
      return c.json(row, 201, { etag: `"${row.version}"` });
    },
  );

  app.openapi(
    route({
      access: 'signed_in',
      method: 'get',
      path: '/lookup-tables/{name}',
      tags,
      operationId: 'getLookupTable',
      summary: 'A lookup table with its entries; as CSV for {name}.csv or Accept: text/csv',
      request: { params: nameParam },
      responses: {
        200: { content: { 'application/json': { schema: LookupTable }, ...csvBody }, description: 'The table' },
        ...errors(400, 404),
      },
    }),
    async (c) => {
      const { name, csv } = target(c, c.req.valid('param').name);
      const table = await lookups.get(name);
      const etag = `"${table.version}"`;
      if (!csv) return c.json(table, 200, { etag });
      return c.body(entriesToCsv(table.entries), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}.csv"`,
        etag,
      }) as never;
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'put',
      path: '/lookup-tables/{name}',
      tags,
      operationId: 'replaceLookupTable',
      summary:
        'Replace every entry of a lookup table, from {entries, version} or CSV; the version read goes in If-Match or the body (409 when the table changed since)',
      request: {
        params: nameParam,
        body: { content: { 'application/json': { schema: LookupReplaceInput }, ...csvBody }, required: false },
      },
      responses: { 200: jsonContent(LookupTableSummary, 'Replaced'), ...errors(400, 404, 409) },
    }),
    async (c) => {
      const { name } = target(c, c.req.valid('param').name);
      let entries: LookupEntry[];
      let version: number;
      if (isCsv(c.req.header('content-type'))) {
        entries = await csvEntries(c);
        version = versionOf(c, undefined);
      } else {
        const body = checked(lookupReplaceInput, await jsonOf(c));
        entries = body.entries as LookupEntry[];
        version = versionOf(c, body.version);
      }
      const row = await lookups.replace(name, version, entries, principalOf(c));
      return c.json(row, 200, { etag: `"${row.version}"` });
    },
  );

  app.openapi(
    route({
      access: 'analyst',
      method: 'delete',
      path: '/lookup-tables/{name}',
      tags,
      operationId: 'deleteLookupTable',
      summary: 'Delete a lookup table and its entries',
      request: { params: nameParam },
      responses: { 200: jsonContent(LookupTableDeleted, 'Deleted'), ...errors(400, 404) },
    }),
    async (c) => {
      const { name } = target(c, c.req.valid('param').name);
      await lookups.delete(name, principalOf(c));
      return c.json({ deleted: name }, 200);
    },
  );
  return app;
}
