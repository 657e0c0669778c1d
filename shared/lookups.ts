import { z } from 'zod';

/** Most entries a lookup table holds. */
export const LOOKUP_MAX_ENTRIES = 100_000;
/** Longest key, in characters. */
export const LOOKUP_MAX_KEY = 500;

export const LOOKUP_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

export const lookupName = z
  .string()
  .regex(
    LOOKUP_NAME,
    'a lookup table name starts with a letter and holds up to 63 letters, digits, "_" and "-" (e.g. crm_to_erp)',
  );

export const lookupEntry = z.object({
  key: z
    .string()
    .min(1, 'a key cannot be empty')
    .max(LOOKUP_MAX_KEY, `a key holds at most ${LOOKUP_MAX_KEY} characters`),
  /** Any JSON value; usually a string. */
  value: z.unknown().refine((v) => v !== undefined, 'every entry needs a value (null if none)'),
});

/** Entries with distinct keys; a repeated key is named with the positions where it appears. */
export const lookupEntries = z
  .array(lookupEntry)
  .max(LOOKUP_MAX_ENTRIES, `a lookup table holds at most ${LOOKUP_MAX_ENTRIES} entries`)
  .superRefine((entries, ctx) => {
    const seen = new Map<string, number>();
    entries.forEach((e, i) => {
      const first = seen.get(e.key);
      if (first === undefined) seen.set(e.key, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: [i, 'key'],
          message: `key "${e.key}" appears twice (entries ${first} and ${i})`,
        });
    });
  });

export const lookupTableInput = z.object({ name: lookupName, entries: lookupEntries });
/** A replace names the version it read (or sends it as If-Match). */
export const lookupReplaceInput = z.object({
  entries: lookupEntries,
  version: z.number().int().positive().optional(),
});

export type LookupEntryInput = z.infer<typeof lookupEntry>;
export type LookupTableInput = z.infer<typeof lookupTableInput>;

/** How a step writes entries into a lookup table: `upsert` sets every key; `insert-only` leaves keys already there as they are. */
export const lookupWriteMode = z.enum(['upsert', 'insert-only']);
export type LookupWriteMode = z.infer<typeof lookupWriteMode>;

/** What a write did: the table's version after it and how many keys it added, changed, found already so and kept. */
export interface LookupWriteResult {
  table: string;
  version: number;
  added: number;
  changed: number;
  /** Keys that already held the value written (a write made again after a crash finds all of its keys so). */
  unchanged: number;
  /** insert-only: keys that held another value and kept it. */
  kept: number;
}
