import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weft } from '../weft.ts';
import { testWeft } from '../../test/support/weft.ts';
import { LookupTables } from './lookup-tables.ts';

let weft: Weft;
beforeEach(async () => {
  weft = await testWeft();
});
afterEach(() => weft.close(0));

/** The service over the runtime's store, counting how often the entries of a table are read. */
function counted() {
  const reads = { entries: 0 };
  const lookups = {
    ...weft.store.lookups,
    list: () => weft.store.lookups.list(),
    get: (name: string) => weft.store.lookups.get(name),
    entries: (name: string) => (reads.entries++, weft.store.lookups.entries(name)),
  };
  const store = { write: weft.store.write.bind(weft.store), lookups } as never;
  return { tables: new LookupTables(store, weft.audit), reads };
}

describe('LookupTables.lookup', () => {
  it('reads a table from the store once, and again only after it changed here or elsewhere', async () => {
    const { tables, reads } = counted();
    await tables.create('t', [{ key: 'a', value: 1 }]);
    const found = await Promise.all(Array.from({ length: 1000 }, () => tables.lookup('t', 'a')));
    expect(new Set(found)).toEqual(new Set([1]));
    expect(await tables.lookup('t', 'b')).toBeUndefined();
    expect(reads.entries).toBe(1);

    await tables.replace('t', 1, [{ key: 'a', value: 2 }]);
    expect(await tables.lookup('t', 'a')).toBe(2);
    expect(reads.entries).toBe(2);

    // Another process replaced it: the store has version 3, this process still answers from memory until told.
    await weft.lookups.replace('t', 2, [{ key: 'a', value: 3 }]);
    expect(await tables.lookup('t', 'a')).toBe(2);
    tables.changedElsewhere('t');
    expect(await tables.lookup('t', 'a')).toBe(3);
    expect(reads.entries).toBe(3);
  });

  it('names a table that does not exist, and finds it once it is created', async () => {
    const { tables } = counted();
    await expect(tables.lookup('later', 'a')).rejects.toThrow('$lookup: lookup table "later" does not exist');
    await tables.create('later', [{ key: 'a', value: 'x' }]);
    expect(await tables.lookup('later', 'a')).toBe('x');
  });
});
