import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';

const t = apiPerTest();
const CSV = { 'content-type': 'text/csv' };
const TRICKY = [
  { key: 'ACC-1', value: 'Smith, Jones & Co' },
  { key: 'ACC-"2"', value: 'says "hello"' },
  { key: 'Zürich', value: 'CHF — 東京 🚀' },
  { key: 'multi', value: 'line one\nline two' },
  { key: 'zero', value: '00123' },
];

describe('/api/lookup-tables as CSV', () => {
  it('exports a table as CSV and imports it back unchanged (quotes, commas, new lines, unicode)', async () => {
    await t.call('POST', '/api/lookup-tables', { name: 'accounts', entries: TRICKY });
    const res = await t.call('GET', '/api/lookup-tables/accounts.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="accounts.csv"');
    const csv = res.body as string;
    expect(csv.split('\r\n')[0]).toBe('key,value');
    expect(csv).toContain('ACC-1,"Smith, Jones & Co"');
    expect(csv).toContain('"ACC-""2""","says ""hello"""');

    const byAccept = await t.call('GET', '/api/lookup-tables/accounts', undefined, { accept: 'text/csv' });
    expect(byAccept.body).toBe(csv);

    const imported = await t.call('POST', '/api/lookup-tables?name=accounts_copy', csv, CSV);
    expect(imported.status).toBe(201);
    const copy = await t.call('GET', '/api/lookup-tables/accounts_copy');
    expect(copy.body.entries).toEqual((await t.call('GET', '/api/lookup-tables/accounts')).body.entries);
    expect(copy.body.entries).toHaveLength(TRICKY.length);

    const replaced = await t.call('PUT', '/api/lookup-tables/accounts', '\uFEFFvalue,key\r\nC-9,ACC-9\r\n', {
      ...CSV,
      'if-match': '"1"',
    });
    expect(replaced.status).toBe(200);
    expect((await t.call('GET', '/api/lookup-tables/accounts')).body.entries).toEqual([{ key: 'ACC-9', value: 'C-9' }]);
    const audit = await t.weft.audit.list({ action: 'lookup_table.' });
    expect(audit.map((e) => e.action)).toEqual([
      'lookup_table.replaced',
      'lookup_table.created',
      'lookup_table.created',
    ]);
  });

  it('names the row of a CSV it refuses', async () => {
    const post = (body: string, path = '/api/lookup-tables?name=t') => t.call('POST', path, body, CSV);
    const dup = await post('key,value\na,1\nb,2\na,3\n');
    expect(dup.status).toBe(400);
    expect(dup.body.error.message).toBe('invalid CSV: row 4: key "a" appears twice (rows 2 and 4)');
    expect((await post('key,value\n,1\n')).body.error.message).toBe('invalid CSV: row 2: a key cannot be empty');
    expect((await post('id,number\na,1\n')).body.error.message).toContain('must name the columns "key" and "value"');
    expect((await post('key,value\na,1,extra\n')).body.error.message).toContain('the CSV cannot be read');
    expect((await post('key,value\na,1\n', '/api/lookup-tables')).body.error.message).toContain('?name=');
  });
});
