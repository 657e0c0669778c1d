import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';

const t = apiPerTest();
const ENTRIES = [
  { key: 'ACC-1', value: 'C-1001' },
  { key: 'ACC-2', value: { number: 'C-1002', region: 'GB' } },
];

describe('/api/lookup-tables', () => {
  it('creates, lists, reads, replaces with the version read, and deletes, with an audit entry per change', async () => {
    const created = await t.call('POST', '/api/lookup-tables', { name: 'crm_to_erp', entries: ENTRIES });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'crm_to_erp', version: 1, entryCount: 2, updatedBy: 'bootstrap' });

    const list = await t.call('GET', '/api/lookup-tables');
    expect(list.body.tables).toEqual([expect.objectContaining({ name: 'crm_to_erp', version: 1, entryCount: 2 })]);

    const read = await t.call('GET', '/api/lookup-tables/crm_to_erp');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(read.body.entries).toEqual(ENTRIES);

    const replaced = await t.call(
      'PUT',
      '/api/lookup-tables/crm_to_erp',
      {
        entries: [
          { key: 'ACC-1', value: 'C-2001' },
          { key: 'ACC-3', value: 3 },
        ],
      },
      { 'if-match': '"1"' },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, entryCount: 2 });

    // A second editor still holding version 1 is told, and changes nothing.
    const stale = await t.call('PUT', '/api/lookup-tables/crm_to_erp', { entries: [], version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('is at version 2, not 1');
    expect((await t.call('GET', '/api/lookup-tables/crm_to_erp')).body.entries).toEqual([
      { key: 'ACC-1', value: 'C-2001' },
      { key: 'ACC-3', value: 3 },
    ]);

    expect((await t.call('POST', '/api/lookup-tables', { name: 'crm_to_erp', entries: [] })).status).toBe(409);
    const deleted = await t.call('DELETE', '/api/lookup-tables/crm_to_erp');
    expect(deleted.body).toEqual({ deleted: 'crm_to_erp' });
    expect((await t.call('GET', '/api/lookup-tables/crm_to_erp')).status).toBe(404);
    expect((await t.call('DELETE', '/api/lookup-tables/crm_to_erp')).status).toBe(404);

    const audit = await t.weft.audit.list({ action: 'lookup_table.' });
    expect(audit.map((e) => e.action)).toEqual([
      'lookup_table.deleted',
      'lookup_table.replaced',
      'lookup_table.created',
    ]);
    expect(audit[1]).toMatchObject({
      target: 'crm_to_erp',
      actorName: 'bootstrap',
      before: { version: 1, entries: 2 },
      after: { version: 2, entries: 2 },
      detail: { added: 1, changed: 1, removed: 1 },
    });
  });

  it('says what is wrong with a table it refuses', async () => {
    const bad = async (body: unknown) => {
      const r = await t.call('POST', '/api/lookup-tables', body);
      expect(r.status).toBe(400);
      return r.body.error.message as string;
    };
    expect(await bad({ name: '1 bad name', entries: [] })).toContain('name: a lookup table name starts with a letter');
    expect(await bad({ name: 'ok', entries: [{ key: '', value: 1 }] })).toBe(
      'invalid body: entries.0.key: a key cannot be empty',
    );
    expect(
      await bad({
        name: 'ok',
        entries: [
          { key: 'a', value: 1 },
          { key: 'b', value: 2 },
          { key: 'a', value: 3 },
        ],
      }),
    ).toBe('invalid body: entries.2.key: key "a" appears twice (entries 0 and 2)');
    expect(await bad({ name: 'ok', entries: [{ key: 'a' }] })).toContain('every entry needs a value');
    const many = Array.from({ length: 100_001 }, (_, i) => ({ key: String(i), value: i }));
    expect(await bad({ name: 'ok', entries: many })).toContain('at most 100000 entries');

    await t.call('POST', '/api/lookup-tables', { name: 'ok', entries: [] });
    const noVersion = await t.call('PUT', '/api/lookup-tables/ok', { entries: [] });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toContain('If-Match');
    expect((await t.call('PUT', '/api/lookup-tables/missing', { entries: [], version: 1 })).status).toBe(404);
  });
});
