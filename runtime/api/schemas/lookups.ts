import { z } from '@hono/zod-openapi';
import { named } from '../openapi.ts';
import { lookupReplaceInput, lookupTableInput } from '../../../shared/lookups.ts';

const summary = {
  name: z.string(),
  version: z.number().int(),
  updatedAt: z.number().int().openapi({ description: 'Milliseconds since the epoch' }),
  updatedBy: z.string().nullable(),
  entryCount: z.number().int(),
};

export const LookupTableSummary = z.object(summary).openapi('LookupTableSummary');
export const LookupTableList = z.object({ tables: z.array(LookupTableSummary) }).openapi('LookupTableList');
export const LookupEntryView = z.object({ key: z.string(), value: z.unknown() }).openapi('LookupEntry');
export const LookupTable = z.object({ ...summary, entries: z.array(LookupEntryView) }).openapi('LookupTable');
export const LookupTableDeleted = z.object({ deleted: z.string() }).openapi('LookupTableDeleted');
export const LookupTableInput = named(lookupTableInput, 'LookupTableInput');
export const LookupReplaceInput = named(lookupReplaceInput, 'LookupReplaceInput');
/** key,value rows under a header row. */
export const LookupCsv = z.string().openapi({ example: 'key,value\r\nACC-1,C-1001\r\n' });
