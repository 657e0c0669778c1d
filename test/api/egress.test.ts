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

/** A stub on loopback (denied unless opened); the resolver of the DNS tests maps names to addresses. */
let target: Server;
let targetPort = 0;
let weft: RunningServer;

beforeAll(async () => {
  target = createServer((_req, res) => res.end('{"reached":true}'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetPort = (target.address() as AddressInfo).port;
  weft = await startServer({
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      examplesDir: null,
      demoPort: null,
      logLevel: 'silent',
      bootstrapToken: ADMIN_TOKEN,
    },
    logger: silentLogger,
    schedules: false,
  });
});
afterAll(async () => {
  await weft.close(0);
  target.close();
});

async function runTo(url: string, extra: Record<string, unknown> = {}) {
  const id = `egress-${Math.random().toString(36).slice(2, 8)}`;
  // Built by an expression, so that the run-time guard is what refuses it (the static check refuses literal metadata URLs).
  const target = url.startsWith('=') ? url : `=$join(${JSON.stringify(url.split('.'))}, ".")`;
  const def = flow(
    id,
    { in: n.manual(), out: n.http(target, { method: 'GET', body: undefined, retry: { maxAttempts: 1 }, ...extra }) },
    ['in>out'],
  );
  const call = (method: string, path: string, body?: unknown) =>
    fetch(weft.url + path, {
      method,
      headers: { ...ADMIN_AUTH, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => r.json());
  await call('POST', '/api/flows', def);
  const { version } = await call('POST', `/api/flows/${id}/publish`, {});
  await call('POST', `/api/flows/${id}/activate`, { version });
  const { runId } = await weft.weft.engine.startRun({
    plan: await weft.weft.engine.planFor(id, version),
    triggerNodeId: 'in',
    event: { body: {} },
  });
  const row = await finished(weft.weft, runId);
  const attempts = (await weft.weft.store.runs.steps(runId)).find((s) => s.nodeId === 'out')?.attempts;
  return { status: row.status, error: row.error ? JSON.parse(row.error) : null, attempts };
}

describe('egress guard', () => {
  it('refuses the cloud metadata address before any connection', async () => {
    const r = await runTo('http://169.254.169.254/latest/meta-data/iam/');
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({
      code: 'egress_blocked',
      retryable: false,
      message: expect.stringMatching(/169\.254\.169\.254 is a cloud metadata address/),
    });
  });

  it("refuses this runtime's own port, also by name after DNS resolution (localhost)", async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const r = await runTo(`http://${host}:${weft.port}/api/flows`);
      expect(r.error, host).toMatchObject({
        code: 'egress_blocked',
        message: expect.stringMatching(/this Weft runtime's own port/),
      });
    }
  });

  it('refuses non-http schemes that an expression produces', async () => {
    const r = await runTo('="file:///etc/" & "passwd"');
    expect(r.status).toBe('failed');
    expect(r.error.message).toMatch(/http/);
  });

  it('refuses private addresses and other loopback services by default, once, saying how an admin opens them', async () => {
    const db = await runTo(`http://127.0.0.1:${targetPort}/ok`, { retry: { maxAttempts: 3, initialDelayMs: 1 } });
    expect(db).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'egress_blocked', retryable: false } });
    expect(db.error.message).toMatch(
      new RegExp(
        `127\\.0\\.0\\.1 is a loopback address.*allowPrivate.*WEFT_EGRESS_ALLOW.*"127\\.0\\.0\\.1:${targetPort}"`,
      ),
    );
    const byName = await runTo(`http://localhost:${targetPort}/ok`);
    expect(byName.error).toMatchObject({
      code: 'egress_blocked',
      message: expect.stringMatching(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/),
    });
    for (const url of [
      'http://10.0.0.1:5432/',
      'http://100.100.100.200/latest/meta-data/',
      'http://[::ffff:192.168.0.1]/',
      'http://[fd00::1]/',
    ])
      expect((await runTo(url)).error, url).toMatchObject({ code: 'egress_blocked' });
  });

  it('an allow entry with a port opens that port only (as for the sample systems)', async () => {
    weft.weft.egress.allow(`127.0.0.1:${targetPort}`);
    try {
      expect((await runTo(`http://127.0.0.1:${targetPort}/ok`)).status).toBe('succeeded');
      expect((await runTo(`http://127.0.0.1:${targetPort + 1}/ok`)).error).toMatchObject({ code: 'egress_blocked' });
    } finally {
      weft.weft.egress.withdraw(`127.0.0.1:${targetPort}`);
    }
    expect((await runTo(`http://127.0.0.1:${targetPort}/ok`)).error).toMatchObject({ code: 'egress_blocked' });
  });

  it('the connection API refuses a cloud metadata base URL or token URL with 400', async () => {
    const post = (body: unknown) =>
      fetch(`${weft.url}/api/connections`, {
        method: 'POST',
        headers: { ...ADMIN_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const baseUrl of [
      'http://169.254.169.254/latest',
      'http://[fd00:ec2::254]/',
      'http://metadata.google.internal/computeMetadata/v1',
      'http://100.100.100.200/',
    ])
      expect((await post({ name: 'meta', baseUrl, auth: { type: 'none' } })).status, baseUrl).toBe(400);
    const token = await post({
      name: 'meta',
      baseUrl: 'https://erp.example.com',
      auth: {
        type: 'oauth2_client_credentials',
        tokenUrl: 'http://169.254.169.254/token',
        clientId: 'c',
        clientSecret: 's',
      },
    });
    expect(token.status).toBe(400);
    expect(JSON.stringify(await token.json())).toMatch(/cloud metadata/);
    expect((await post({ name: 'fine', baseUrl: 'https://erp.example.com', auth: { type: 'none' } })).status).toBe(201);
  });
});

/** 'egress_blocked', another error code, or 'answered <status>'. */
const outcome = (p: Promise<{ status: number }>) =>
  p.then(
    (r) => `answered ${r.status}`,
    (e: { code?: string }) => e.code ?? 'error',
  );

describe('egress policy after DNS resolution', () => {
  const fakeDns = (map: Record<string, string>) =>
    ((host: string, _o: unknown, cb: (e: Error | null, a: LookupAddress[]) => void) => {
      const address = map[host];
      if (!address) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), []);
      cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);
    }) as never;

  it('a name that resolves to a denied address is refused at connect time; an allow-listed one passes', async () => {
    const dns = fakeDns({
      'metadata.internal': '169.254.169.254',
      'erp.internal': '127.0.0.1',
      'v6meta.internal': '::ffff:169.254.1.1',
      'device.internal': '169.254.1.1',
      'db.internal': '10.0.0.7',
    });
    const http = createHttpClient({ egress: new EgressPolicy([], dns) });
    try {
      await expect(
        http.request({ method: 'GET', url: 'http://metadata.internal/latest', timeoutMs: 2000 }),
      ).rejects.toMatchObject({
        code: 'egress_blocked',
        message: expect.stringMatching(/metadata\.internal resolves to 169\.254\.169\.254, a cloud metadata address/),
      });
      await expect(
        http.request({ method: 'GET', url: 'http://v6meta.internal/', timeoutMs: 2000 }),
      ).rejects.toMatchObject({ code: 'egress_blocked' });
      await expect(
        http.request({ method: 'GET', url: `http://erp.internal:${targetPort}/`, timeoutMs: 2000 }),
      ).rejects.toMatchObject({
        code: 'egress_blocked',
        message: expect.stringMatching(
          /erp\.internal resolves to 127\.0\.0\.1, a loopback address .*"erp\.internal:\d+"/,
        ),
      });
      await expect(
        http.request({ method: 'GET', url: 'http://db.internal:5432/', timeoutMs: 2000 }),
      ).rejects.toMatchObject({
        code: 'egress_blocked',
        message: expect.stringMatching(/10\.0\.0\.7, a private address/),
      });
      // A connection an admin allowed may reach private and link-local addresses: the request is sent (whatever answers, or not)…
      expect(
        await outcome(
          http.request({
            method: 'GET',
            url: `http://erp.internal:${targetPort}/`,
            timeoutMs: 2000,
            allowPrivate: true,
          }),
        ),
      ).toBe('answered 200');
      expect(
        await outcome(
          http.request({ method: 'GET', url: 'http://device.internal:9/', timeoutMs: 500, allowPrivate: true }),
        ),
      ).not.toBe('egress_blocked');
      // …but never cloud metadata.
      expect(
        await outcome(
          http.request({ method: 'GET', url: 'http://metadata.internal:9/', timeoutMs: 500, allowPrivate: true }),
        ),
      ).toBe('egress_blocked');
    } finally {
      await http.close();
    }
    const allowed = createHttpClient({
      egress: new EgressPolicy(['169.254.0.0/16', `erp.internal:${targetPort}`], dns),
    });
    try {
      expect(
        await outcome(allowed.request({ method: 'GET', url: 'http://metadata.internal:9/', timeoutMs: 500 })),
      ).not.toBe('egress_blocked');
      expect(
        await outcome(allowed.request({ method: 'GET', url: `http://erp.internal:${targetPort}/`, timeoutMs: 2000 })),
      ).toBe('answered 200');
      expect(await outcome(allowed.request({ method: 'GET', url: 'http://erp.internal:5432/', timeoutMs: 2000 }))).toBe(
        'egress_blocked',
      );
    } finally {
      await allowed.close();
    }
  });
});
