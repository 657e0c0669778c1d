import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionInput } from '../../shared/connection.ts';
import { EgressPolicy } from '../engine/egress.ts';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { AuditLog } from './audit.ts';
import { withAddress } from './connection-address.ts';
import { Connections } from './connections.ts';
import { SecretBox, newKey } from './secret-box.ts';
import { SecretMasker } from './secret-mask.ts';

const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';

let store: SqliteStore;
let masker: SecretMasker;
let connections: Connections;

beforeEach(() => {
  store = new SqliteStore(openDb({ file: ':memory:' }));
  masker = new SecretMasker();
  connections = new Connections(
    store,
    new SecretBox(newKey()),
    masker,
    () => {
      throw new Error('no HTTP in this test');
    },
    new AuditLog(store),
  );
});
afterEach(() => store.close());

describe('Connections to systems other than HTTP APIs', () => {
  it('accept amqp, nats and sftp base URLs and refuse schemes Weft cannot speak, naming the field', () => {
    for (const baseUrl of [
      'amqp://mq.firm.test',
      'amqps://mq.firm.test:5671/vhost',
      'nats://bus.firm.test',
      'sftp://files.firm.test/in',
    ])
      expect(connectionInput.safeParse({ name: 'x', baseUrl, auth: { type: 'none' } }).success).toBe(true);
    const refused = connectionInput.safeParse({ name: 'x', baseUrl: 'ftp://files.firm.test', auth: { type: 'none' } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['baseUrl'] });
    expect(refused.error?.issues[0]?.message).toMatch(/amqp:\/\/.*sftp:\/\//);
  });

  it('keep an SSH private key sealed and hand it, with the port the scheme implies, only to credentials()', async () => {
    await expect(
      connections.create({
        id: 'sftp',
        name: 'SFTP',
        baseUrl: 'sftp://127.0.0.1',
        auth: { type: 'ssh_key', username: 'weft' },
      }),
    ).rejects.toThrow('auth type ssh_key needs auth.privateKey');
    const view = await connections.create({
      id: 'sftp',
      name: 'SFTP',
      baseUrl: 'sftp://127.0.0.1',
      auth: { type: 'ssh_key', username: 'weft', privateKey: KEY },
      allowPrivate: true,
    });
    expect(view.auth).toEqual({ type: 'ssh_key', username: 'weft', secretSet: true });
    expect(JSON.stringify(view)).not.toContain('OPENSSH');
    const c = await connections.credentials('sftp');
    expect(c).toMatchObject({ scheme: 'sftp', username: 'weft', privateKey: KEY, port: 22, allowPrivate: true });
    expect(masker.mask(KEY)).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
  });

  it('check the address through the egress guard: loopback only when the connection may reach private addresses', async () => {
    const egress = new EgressPolicy();
    await connections.create({
      id: 'mq',
      name: 'MQ',
      baseUrl: 'amqp://127.0.0.1',
      auth: { type: 'basic', username: 'guest', password: 'guest' },
    });
    const closed = withAddress(await connections.credentials('mq'), egress);
    expect(closed.port).toBe(5672);
    await expect(closed.address()).rejects.toThrow(/connection "mq" \(127\.0\.0\.1:5672\) refused/);
    await connections.update('mq', {
      name: 'MQ',
      baseUrl: 'amqp://127.0.0.1',
      auth: { type: 'basic', username: 'guest' },
      allowPrivate: true,
    });
    const open = withAddress(await connections.credentials('mq'), egress);
    expect(open).toMatchObject({ username: 'guest', password: 'guest' });
    await expect(open.address()).resolves.toBe('127.0.0.1');
  });

  it('refuse to serve an HTTP step through a connection of another protocol', async () => {
    await connections.create({ id: 'bus', name: 'Bus', baseUrl: 'nats://127.0.0.1:4222', auth: { type: 'none' } });
    await expect(connections.resolve('bus')).rejects.toThrow(
      'connection "bus" is a nats:// connection; HTTP steps need one whose base URL is http:// or https://',
    );
  });
});
