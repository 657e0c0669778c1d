import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { AuditLog } from './audit.ts';
import { Connections } from './connections.ts';
import { SecretBox, newKey } from './secret-box.ts';
import { SecretMasker } from './secret-mask.ts';

const admin = { kind: 'user' as const, id: 'usr_root', name: 'root@firm.test' };
const noHttp = () => {
  throw new Error('no HTTP in this test');
};

let store: SqliteStore;
let audit: AuditLog;
let box: SecretBox;
let masker: SecretMasker;
let connections: Connections;

beforeEach(() => {
  store = new SqliteStore(openDb({ file: ':memory:' }));
  audit = new AuditLog(store);
  box = new SecretBox(newKey());
  masker = new SecretMasker();
  connections = new Connections(store, box, masker, noHttp, audit);
});
afterEach(() => store.close());

const bearer = (id: string, token: string) => ({
  id,
  name: id.toUpperCase(),
  baseUrl: `https://${id}.example.com/`,
  auth: { type: 'bearer' as const, token },
});

/** A flow whose draft has a node using `connection`, written as the flow service stores drafts. */
function flowUsing(id: string, connection: string): void {
  const definition = JSON.stringify({ nodes: [{ id: 'call', config: { connection } }] });
  store.sqlite
    .prepare(`INSERT INTO flows (id, name, definition, revision, created_at, updated_at) VALUES (?, ?, ?, 1, 0, 0)`)
    .run(id, id, definition);
}

describe('Connections over the store', () => {
  it('stores secrets sealed, shows only whether one is set, and audits every change without a secret', async () => {
    const created = await connections.create(bearer('crm', 'crm-token-123'), admin);
    expect(created).toMatchObject({
      id: 'crm',
      baseUrl: 'https://crm.example.com',
      auth: { type: 'bearer', secretSet: true },
    });
    const stored = store.sqlite.prepare('SELECT secret FROM connections').pluck().get() as string;
    expect(stored).toMatch(/^v1:/);
    expect(stored).not.toContain('crm-token-123');
    expect(masker.mask('sent crm-token-123')).toBe('sent [secret]');
    expect((await connections.resolve('crm')).headers.authorization).toBe('Bearer crm-token-123');

    const renamed = await connections.update(
      'crm',
      { ...bearer('crm', 'x'), name: 'CRM 2', auth: { type: 'bearer' } },
      admin,
    );
    expect(renamed.after).toMatchObject({ name: 'CRM 2', auth: { secretSet: true } });
    expect(await connections.sharedSecret('crm')).toBe('crm-token-123');
    await connections.update('crm', bearer('crm', 'crm-token-456'), admin);
    expect(await connections.sharedSecret('crm')).toBe('crm-token-456');
    expect(masker.mask('crm-token-456')).toBe('[secret]');

    await expect(connections.create(bearer('crm', 'again-1234'), admin)).rejects.toMatchObject({ code: 'conflict' });
    await expect(connections.get('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect((await connections.list()).map((c) => c.id)).toEqual(['crm']);
    const entries = (await audit.list({ action: 'connection.' })).reverse();
    expect(entries.map((e) => e.action)).toEqual(['connection.created', 'connection.changed', 'connection.changed']);
    expect(entries[2]!.detail).toEqual({ secretsReplaced: ['token'] });
    expect(JSON.stringify(entries)).not.toMatch(/crm-token/);
  });

  it('refuses to delete a connection a flow draft uses, and names the flows', async () => {
    await connections.create(bearer('erp', 'erp-token-123'));
    flowUsing('invoices', 'erp');
    flowUsing('orders', 'erp');
    expect((await connections.get('erp')).usedBy).toEqual(['invoices', 'orders']);
    await expect(connections.delete('erp', admin)).rejects.toThrow(/used by "invoices", "orders"/);
    store.sqlite.exec('DELETE FROM flows');
    expect((await connections.delete('erp', admin)).id).toBe('erp');
    expect(await connections.list()).toEqual([]);
    expect((await audit.list())[0]).toMatchObject({ action: 'connection.deleted', target: 'erp' });
  });

  it('load() teaches a new process the stored secrets; a failed write teaches it nothing', async () => {
    await connections.create(bearer('crm', 'crm-token-123'));
    const fresh = new SecretMasker();
    await new Connections(store, box, fresh, noHttp, audit).load();
    expect(fresh.mask('crm-token-123')).toBe('[secret]');

    store.sqlite.exec(
      `CREATE TRIGGER audit_log_refuses BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log refuses entries'); END`,
    );
    await expect(connections.create(bearer('erp', 'erp-token-999'))).rejects.toThrow(/audit log refuses/);
    expect(masker.mask('erp-token-999')).toBe('erp-token-999');
    await expect(connections.get('erp')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('re-seals every secret with a new key in one write, audited as secrets.rotated', async () => {
    await connections.create(bearer('crm', 'crm-token-123'));
    await connections.create({ id: 'open', name: 'Open', baseUrl: 'https://open.example.com', auth: { type: 'none' } });
    const next = new SecretBox(newKey());
    expect(await connections.reseal(next, admin)).toBe(1);
    await expect(connections.resolve('crm')).rejects.toThrow(/encrypted with key/);
    const rotated = new Connections(store, next, new SecretMasker(), noHttp, audit);
    expect((await rotated.resolve('crm')).headers.authorization).toBe('Bearer crm-token-123');
    expect((await audit.list({ action: 'secrets.rotated' }))[0]!.detail).toEqual({
      connections: 1,
      alertChannels: 0,
      fromKey: box.keyId,
      toKey: next.keyId,
    });
  });
});
