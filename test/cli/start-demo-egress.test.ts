import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { flow, n } from '../support/flows.ts';

// `weft start` with the sample systems and nothing in WEFT_EGRESS_ALLOW: the demo's port is opened, visibly, and nothing else on loopback.
let rt: RuntimeProcess;
let other: Server;
let otherPort = 0;
let demoPort = 0;
const dir = mkdtempSync(join(tmpdir(), 'weft-demo-egress-'));

beforeAll(async () => {
  other = createServer((_q, res) => res.end('{"reached":true}'));
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherPort = (other.address() as AddressInfo).port;
  demoPort = await freePort();
  rt = await startRuntime(join(dir, 'data'), await freePort(), {
    WEFT_DEMO: 'on',
    WEFT_DEMO_PORT: String(demoPort),
    WEFT_EGRESS_ALLOW: '',
    WEFT_LOG_LEVEL: 'info',
  });
});
afterAll(async () => {
  if (rt) await killHard(rt);
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

async function testRun(id: string, url: string) {
  await api(
    rt.url,
    'POST',
    '/api/flows',
    flow(id, { in: n.manual(), call: n.http(url, { method: 'GET', body: undefined }) }, ['in>call']),
  );
  const run = await api<{ status: string; steps: { nodeId: string; error?: { code: string; message: string } }[] }>(
    rt.url,
    'POST',
    `/api/flows/${id}/test`,
    { input: {} },
  );
  return { status: run.body.status, error: run.body.steps.find((s) => s.nodeId === 'call')?.error };
}

describe('weft start with the sample systems', () => {
  it('says at start that their address is allowed, and lets connectors reach them', async () => {
    expect(rt.output()).toContain(`egress guard: 127.0.0.1:${demoPort} allowed for the sample systems`);
    expect(await testRun('to-demo', `http://127.0.0.1:${demoPort}/erp/admin/stats`)).toMatchObject({
      status: 'succeeded',
    });
  });

  it('keeps every other loopback port closed', async () => {
    const r = await testRun('to-other', `http://127.0.0.1:${otherPort}/`);
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({
      code: 'egress_blocked',
      message: expect.stringMatching(new RegExp(`127\\.0\\.0\\.1:${otherPort}`)),
    });
  });
});
