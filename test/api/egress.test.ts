import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { startServer, type RunningServer } from '../../runtime/server.ts';
import { EgressPolicy } from '../../runtime/engine/egress.ts';
import { createHttpClient } from '../../runtime/engine/http-client.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { ADMIN_AUTH, ADMIN_TOKEN } from '../support/auth.ts';
import { flow, n } from '../support/flows.ts';
import { finished } from '../support/weft.ts';

/** A server on a link-local-looking name: the resolver of the test maps names to addresses. */
let target: Server;
let targetPort = 0;
let weft: RunningServer;

beforeAll(async () => {
  target = createServer((_req, res) => res.end('{"reached":true}'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetPort = (target.address() as AddressInfo).port;
  weft = await startServer({ config: { port: 0, host: '127.0.0.1', dataDir: ':memory:', examplesDir: null, demoPort: null, logLevel: 'silent', bootstrapToken: ADMIN_TOKEN }, logger: silentLogger, schedules: false });
});
afterAll(async () => {
  await weft.close(0);
  target.close();
});

async function runTo(url: string, extra: Record<string, unknown> = {}) {
  const id = `egress-${Math.random().toString(36).slice(2, 8)}`;
  const def = flow(id, { in: n.manual(), out: n.http(url, { method: 'GET', body: undefined, retry: { maxAttempts: 1 }, ...extra }) }, ['in>out']);
  const call = (method: string, path: string, body?: unknown) => fetch(weft.url + path, { method, headers: { ...ADMIN_AUTH, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
  await call('POST', '/api/flows', def);
  const { version } = await call('POST', `/api/flows/${id}/publish`, {});
  await call('POST', `/api/flows/${id}/activate`, { version });
  const { runId } = await weft.weft.engine.startRun({ plan: weft.weft.engine.planFor(id, version), triggerNodeId: 'in', event: { body: {} } });
  const row = await finished(weft.weft, runId);
  return { status: row.status, error: row.error ? JSON.parse(row.error) : null };
}

describe('egress guard', () => {
  it('refuses the cloud metadata address before any connection', async () => {
    const r = await runTo('http://169.254.169.254/latest/meta-data/iam/');
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'egress_blocked', retryable: false, message: expect.stringMatching(/169\.254\.169\.254, a link-local address/) });
  });

  it('refuses this runtime\'s own port, also by name after DNS resolution (localhost)', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const r = await runTo(`http://${host}:${weft.port}/api/flows`);
      expect(r.error, host).toMatchObject({ code: 'egress_blocked', message: expect.stringMatching(/this Weft runtime's own port/) });
    }
  });

  it('refuses non-http schemes that an expression produces', async () => {
    const r = await runTo('="file:///etc/" & "passwd"');
    expect(r.status).toBe('failed');
    expect(r.error.message).toMatch(/http/);
  });

  it('lets other loopback services through (the sample systems live there)', async () => {
    const r = await runTo(`http://127.0.0.1:${targetPort}/ok`);
    expect(r.status).toBe('succeeded');
  });
});

/** 'egress_blocked', another error code, or 'answered <status>'. */
const outcome = (p: Promise<{ status: number }>) => p.then((r) => `answered ${r.status}`, (e: { code?: string }) => e.code ?? 'error');

describe('egress policy after DNS resolution', () => {
  const fakeDns = (map: Record<string, string>) => ((host: string, _o: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) => {
    const address = map[host];
    if (!address) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
    cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
  }) as never;

  it('a name that resolves to a link-local address is refused at connect time; an allow-listed one passes', async () => {
    const dns = fakeDns({ 'metadata.internal': '169.254.169.254', 'erp.internal': '127.0.0.1', 'v6meta.internal': '::ffff:169.254.1.1' });
    const http = createHttpClient({ egress: new EgressPolicy([], dns) });
    try {
      await expect(http.request({ method: 'GET', url: 'http://metadata.internal/latest', timeoutMs: 2000 })).rejects.toMatchObject({ code: 'egress_blocked', message: expect.stringMatching(/metadata\.internal resolves to 169\.254\.169\.254/) });
      await expect(http.request({ method: 'GET', url: 'http://v6meta.internal/', timeoutMs: 2000 })).rejects.toMatchObject({ code: 'egress_blocked' });
      const ok = await http.request({ method: 'GET', url: `http://erp.internal:${targetPort}/`, timeoutMs: 2000 });
      expect(ok.status).toBe(200);
      // A connection an admin allowed may go there: the request is sent (whatever answers, or not).
      expect(await outcome(http.request({ method: 'GET', url: 'http://metadata.internal:9/', timeoutMs: 500, allowPrivate: true }))).not.toBe('egress_blocked');
    } finally {
      await http.close();
    }
    const allowed = createHttpClient({ egress: new EgressPolicy(['169.254.0.0/16'], dns) });
    try {
      expect(await outcome(allowed.request({ method: 'GET', url: 'http://metadata.internal:9/', timeoutMs: 500 }))).not.toBe('egress_blocked');
    } finally {
      await allowed.close();
    }
  });
});
