import { describe, expect, it } from 'vitest';
import { makeTestContext } from '../testing.ts';
import write, { entriesOf } from './write.node.ts';

describe('lookup.write', () => {
  it('takes one entry or a list, writing a number key as its text', () => {
    expect(entriesOf({ key: 'A', value: 'x' })).toEqual([{ key: 'A', value: 'x' }]);
    expect(entriesOf([{ key: 42, value: { n: 1 } }])).toEqual([{ key: '42', value: { n: 1 } }]);
    expect(entriesOf(undefined)).toEqual([]);
  });

  it('refuses entries without a key or a value, and repeated keys, saying which', () => {
    expect(() => entriesOf([{ value: 1 }])).toThrow(/^entries: .* at 0\.key/);
    expect(() => entriesOf({ key: 'A' })).toThrow('every entry needs a value (null if none) at 0.value');
    expect(() => entriesOf(['A'])).toThrow(/at 0;|entries: /);
  });

  it('writes the entries its expression gives, in the mode of its config', async () => {
    const calls: unknown[] = [];
    const ctx = makeTestContext({
      writeLookup: async (table, entries, mode) => {
        calls.push({ table, entries, mode });
        return { table, version: 2, added: entries.length, changed: 0, unchanged: 0, kept: 0 };
      },
    });
    const config = write.config.parse({ table: 'crm_to_erp', entries: `{ "key": id, "value": erp }` });
    const out = await write.execute(ctx, { id: 'ACC-1', erp: 'C-1' }, config);
    expect(calls).toEqual([{ table: 'crm_to_erp', entries: [{ key: 'ACC-1', value: 'C-1' }], mode: 'upsert' }]);
    expect(out).toMatchObject({ version: 2, added: 1 });
  });

  it('names a table name that cannot be one in its config', () => {
    const r = write.config.safeParse({ table: '1 bad', entries: '$' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toContain('a lookup table name starts with a letter');
  });
});
