import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { Store } from '../store/ports.ts';
import type { LookupEntry, LookupTableRow } from '../store/lookup-store.ts';
import type { Actor, AuditLog } from '../security/audit.ts';
import { LOOKUP_MAX_ENTRIES, type LookupWriteMode, type LookupWriteResult } from '../../shared/lookups.ts';
import { unavailableFailure } from '../store/store-failure.ts';

export interface LookupTableView extends LookupTableRow {
  entries: LookupEntry[];
}

/** A step cannot write into a table that is not there: fixed by creating it, never by trying again. */
const missingForWrite = (name: string) =>
  new WeftError(
    ErrorCodes.notFound,
    `lookup table "${name}" does not exist; create it on the Lookup tables page (or POST /api/lookup-tables) before a step writes into it`,
    { retryable: false, details: { table: name } },
  );

const notFound = (name: string) => new WeftError(ErrorCodes.notFound, `lookup table "${name}" does not exist`);

/**
 * Lookup tables: key → value pairs analysts maintain and expressions read with `$lookup('table', key)`.
 * Each change is one write with its audit entry and counts the table's version one up; a replace names the
 * version it read, so two editors never overwrite each other unseen. Expressions read a table from memory,
 * loaded on first use and dropped when it changes (here, or in another process: `changedElsewhere`).
 */
export class LookupTables {
  private readonly cache = new Map<string, Promise<Map<string, unknown> | null>>();

  constructor(
    private readonly store: Pick<Store, 'write' | 'lookups'>,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    /** After a change committed (other processes of a cluster are told). */
    private readonly changed: (name: string) => void = () => {},
  ) {}

  list(): Promise<LookupTableRow[]> {
    return this.store.lookups.list();
  }

  async get(name: string): Promise<LookupTableView> {
    const row = await this.store.lookups.get(name);
    if (!row) throw notFound(name);
    return { ...row, entries: await this.store.lookups.entries(name) };
  }

  async create(name: string, entries: LookupEntry[], actor: Actor | null = null): Promise<LookupTableRow> {
    const row = await this.store.write(async (tx) => {
      if (!(await tx.lookups.create(name, entries, this.now(), actor?.name ?? null)))
        throw new WeftError(ErrorCodes.conflict, `a lookup table named "${name}" exists`);
      const row = (await tx.lookups.get(name))!;
      await this.audit.record(
        { actor, action: 'lookup_table.created', target: name, after: { version: 1, entries: entries.length } },
        tx,
      );
      return row;
    });
    this.forget(name);
    return row;
  }

  /** Replaces every entry of the table, which must still be at `version`. */
  async replace(
    name: string,
    version: number,
    entries: LookupEntry[],
    actor: Actor | null = null,
  ): Promise<LookupTableRow> {
    const row = await this.store.write(async (tx) => {
      const old = await tx.lookups.get(name);
      if (!old) throw notFound(name);
      const before = new Map((await tx.lookups.entries(name)).map((e) => [e.key, JSON.stringify(e.value)]));
      if (!(await tx.lookups.replace(name, version, entries, this.now(), actor?.name ?? null)))
        throw new WeftError(
          ErrorCodes.conflict,
          `lookup table "${name}" is at version ${old.version}, not ${version}: someone changed it since it was read; reload it and apply your change again`,
          { details: { version: old.version } },
        );
      const row = (await tx.lookups.get(name))!;
      await this.audit.record(
        {
          actor,
          action: 'lookup_table.replaced',
          target: name,
          before: { version: old.version, entries: old.entryCount },
          after: { version: row.version, entries: row.entryCount },
          detail: changesOf(before, entries),
        },
        tx,
      );
      return row;
    });
    this.forget(name);
    return row;
  }

  /**
   * Writes entries (distinct keys) into an existing table, as a step does: `upsert` sets each key,
   * `insert-only` adds only the keys the table lacks. A write that adds or changes a key makes a new version
   * with its audit entry; one that finds every key already so (the same write made again) changes nothing.
   */
  async write(
    name: string,
    entries: LookupEntry[],
    mode: LookupWriteMode,
    actor: Actor | null = null,
  ): Promise<LookupWriteResult> {
    let result: LookupWriteResult;
    try {
      result = await this.store.write(async (tx) => {
        const r = await tx.lookups.write(name, entries, mode, this.now(), actor?.name ?? null);
        if (!r) throw missingForWrite(name);
        if (r.added === 0 && r.changed === 0) return r;
        const row = (await tx.lookups.get(name))!;
        if (row.entryCount > LOOKUP_MAX_ENTRIES)
          throw new WeftError(
            ErrorCodes.badRequest,
            `lookup table "${name}" would hold ${row.entryCount} entries, more than the ${LOOKUP_MAX_ENTRIES} a table holds`,
            { details: { table: name, entries: row.entryCount } },
          );
        await this.audit.record(
          {
            actor,
            action: 'lookup_table.written',
            target: name,
            before: { version: r.version - 1, entries: row.entryCount - r.added },
            after: { version: r.version, entries: row.entryCount },
            detail: { mode, added: r.added, changed: r.changed, unchanged: r.unchanged, kept: r.kept },
          },
          tx,
        );
        return r;
      });
    } catch (err) {
      const failure = unavailableFailure(err);
      if (!failure) throw err;
      throw new WeftError(ErrorCodes.network, `lookup table "${name}" was not written: ${failure.message}`, {
        retryable: true,
        cause: err,
        details: { table: name },
      });
    }
    if (result.added > 0 || result.changed > 0) this.forget(name);
    return result;
  }

  async delete(name: string, actor: Actor | null = null): Promise<void> {
    await this.store.write(async (tx) => {
      const old = await tx.lookups.get(name);
      if (!old || !(await tx.lookups.delete(name))) throw notFound(name);
      await this.audit.record(
        {
          actor,
          action: 'lookup_table.deleted',
          target: name,
          before: { version: old.version, entries: old.entryCount },
        },
        tx,
      );
    });
    this.forget(name);
  }

  /**
   * The value of `key` in table `name` for `$lookup`: undefined when the key is absent; an unknown table
   * is an error naming it.
   */
  async lookup(name: string, key: string): Promise<unknown> {
    let table = this.cache.get(name);
    if (!table) {
      table = this.load(name);
      this.cache.set(name, table);
      table.catch(() => this.cache.delete(name));
    }
    const entries = await table;
    if (!entries)
      throw new WeftError(ErrorCodes.expression, `$lookup: lookup table "${name}" does not exist`, {
        retryable: false,
        details: { table: name },
      });
    return entries.get(key);
  }

  /** Another process changed table `name` (null: any). */
  changedElsewhere(name: string | null): void {
    if (name === null) this.cache.clear();
    else this.cache.delete(name);
  }

  private forget(name: string): void {
    this.cache.delete(name);
    this.changed(name);
  }

  private async load(name: string): Promise<Map<string, unknown> | null> {
    if (!(await this.store.lookups.get(name))) return null;
    return new Map((await this.store.lookups.entries(name)).map((e) => [e.key, e.value]));
  }
}

/** How many keys a replace added, removed and changed, for its audit entry. */
function changesOf(before: Map<string, string>, after: readonly LookupEntry[]) {
  let added = 0;
  let changed = 0;
  for (const e of after) {
    const old = before.get(e.key);
    if (old === undefined) added++;
    else if (old !== JSON.stringify(e.value)) changed++;
  }
  return { added, changed, removed: before.size - (after.length - added) };
}
