import type { LookupWriteMode, LookupWriteResult } from '../../shared/lookups.ts';

/** A lookup table as listed: its name, version, number of entries and last change. */
export interface LookupTableRow {
  name: string;
  version: number;
  updatedAt: number;
  updatedBy: string | null;
  entryCount: number;
}

export interface LookupEntry {
  key: string;
  value: unknown;
}

/** Lookup tables and their entries. */
export interface LookupStore {
  /** By name. */
  list(): Promise<LookupTableRow[]>;
  get(name: string): Promise<LookupTableRow | undefined>;
  /** By key. */
  entries(name: string): Promise<LookupEntry[]>;
  /** Creates the table with `entries` at version 1; false when one of that name exists. */
  create(name: string, entries: readonly LookupEntry[], at: number, by: string | null): Promise<boolean>;
  /**
   * Replaces the entries of the table at version `version` and counts it one up; false when the table
   * is not (or no longer) at that version.
   */
  replace(
    name: string,
    version: number,
    entries: readonly LookupEntry[],
    at: number,
    by: string | null,
  ): Promise<boolean>;
  /**
   * Writes `entries` (distinct keys) into the table: `upsert` sets each key, `insert-only` adds only keys
   * the table lacks. When a key was added or changed the version counts one up; a write that finds every
   * key already so changes nothing. Undefined when there is no such table.
   */
  write(
    name: string,
    entries: readonly LookupEntry[],
    mode: LookupWriteMode,
    at: number,
    by: string | null,
  ): Promise<LookupWriteResult | undefined>;
  /** Deletes the table and its entries; false when there was none. */
  delete(name: string): Promise<boolean>;
}
