import { describe, it, expect, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';
import { eventually } from '../support/poll.ts';

const BEARER = 'bearer-7f2c1e88d0a94b6e';
const PASSWORD = 'pa55-w0rd-c41d9e';
const BASIC = Buffer.from(`weft-svc:${PASSWORD}`).toString('base64');

/** A downstream that echoes every request header back: in its answer, and in its error message. */
async function echoServer(): Promise<Server> {
  const s = createServer((req, res) => {
    const echoed = { headers: req.headers };
    if (req.url?.startsWith('/fail')) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `rejected credentials ${req.headers.authorization}` }, ...echoed }));
    } else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(echoed));
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

describe('connection secrets never reach the store or the log', () => {
  let rt: RuntimeProcess | undefined;
  let echo: Server | undefined;
  let dir = '';
  afterAll(async () => {
    if (rt) await killHard(rt);
    echo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('searches the whole database and the debug log for the secrets after runs that echoed them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-secrets-'));
    echo = await echoServer();
    const base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    rt = await startRuntime(dir, await freePort(), { WEFT_LOG_LEVEL: 'debug' });
    const url = rt.url;
    expect(
      (
        await api(url, 'POST', '/api/connections', {
          id: 'erp',
          name: 'ERP',
          baseUrl: base,
          auth: { type: 'bearer', token: BEARER },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await api(url, 'POST', '/api/connections', {
          id: 'psa',
          name: 'PSA',
          baseUrl: base,
          auth: { type: 'basic', username: 'weft-svc', password: PASSWORD },
        })
      ).status,
    ).toBe(201);

    const ok = flow(
      'echo-ok',
      {
        hook: n.webhook('echo-ok', { respond: 'onCompletion' }),
        erp: n.http('/ok/erp', { connection: 'erp' }),
        psa: n.http('/ok/psa', { connection: 'psa', method: 'GET', body: undefined }),
      },
      ['hook>erp', 'erp>psa'],
    );
    // The business key is read from the trigger body, which here carries a credential.
    ok.settings = { businessKey: '=ref' };
    const bad = flow(
      'echo-fail',
      {
        hook: n.webhook('echo-fail', { respond: 'onCompletion' }),
        erp: n.http('/fail/erp', { connection: 'erp', retry: { maxAttempts: 2, initialDelayMs: 10 } }),
      },
      ['hook>erp'],
    );
    for (const def of [ok, bad]) {
      expect((await api(url, 'POST', '/api/flows', def)).status).toBe(201);
      expect((await api(url, 'POST', `/api/flows/${def.id}/publish`, {})).status).toBe(201);
      expect((await api(url, 'POST', `/api/flows/${def.id}/activate`, { version: 1 })).status).toBe(200);
    }
    for (let i = 0; i < 3; i++)
      for (const path of ['echo-ok', 'echo-fail'])
        await fetch(`${url}/hooks/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ i, ref: i === 0 ? BEARER : `INV-${i}` }),
        }).then((r) => r.text());
    const ended = await eventually(
      async () => {
        const list = (await api<{ runs: { status: string }[] }>(url, 'GET', '/api/runs?limit=50')).body.runs;
        return list.length === 6 && list.every((r) => r.status !== 'running') ? list : null;
      },
      'the six runs to end',
      20_000,
    );
    expect(ended.filter((r) => r.status === 'succeeded')).toHaveLength(3);
    expect(ended.filter((r) => r.status === 'failed')).toHaveLength(3);

    // The echoed credentials were there, and were masked before they were stored.
    const list = (await api<{ runs: { id: string; flowId: string }[] }>(url, 'GET', '/api/runs?limit=50')).body.runs;
    const okRun = (
      await api<{ steps: { nodeId: string; output: unknown }[] }>(
        url,
        'GET',
        `/api/runs/${list.find((r) => r.flowId === 'echo-ok')!.id}`,
      )
    ).body;
    expect(JSON.stringify(okRun.steps.find((s) => s.nodeId === 'erp')!.output)).toContain('Bearer [secret]');
    expect(JSON.stringify(okRun.steps.find((s) => s.nodeId === 'psa')!.output)).toContain('Basic [secret]');
    const failedRun = (
      await api<{ error: { message: string } }>(
        url,
        'GET',
        `/api/runs/${list.find((r) => r.flowId === 'echo-fail')!.id}`,
      )
    ).body;
    expect(failedRun.error.message).toContain('rejected credentials Bearer [secret]');
    const keys = (await api<{ runs: { businessKey: string | null }[] }>(url, 'GET', '/api/runs?flowId=echo-ok')).body
      .runs;
    expect(keys.map((r) => r.businessKey).sort()).toEqual(['INV-1', 'INV-2', '[secret]']);

    const proc = rt;
    await killHard(proc);
    rt = undefined;
    const files = readdirSync(dir).filter((f) => f.startsWith('weft.db'));
    expect(files).toContain('weft.db');
    for (const secret of [BEARER, PASSWORD, BASIC]) {
      for (const f of files) expect(readFileSync(join(dir, f)).includes(secret), `${secret} in ${f}`).toBe(false);
    }
    const log = proc.output();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of [BEARER, PASSWORD, BASIC]) expect(log.includes(secret), `${secret} in the log`).toBe(false);
  }, 60_000);
});
