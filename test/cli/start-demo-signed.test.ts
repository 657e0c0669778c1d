import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRuntime, killHard, freePort, api, type RuntimeProcess } from '../support/runtime-process.ts';
import { eventually } from '../support/poll.ts';

// `npm start` (weft start --demo): the sample systems sign their events with the secret the example flows
// verify, made on the first start and kept in the data folder for the next.
const dir = mkdtempSync(join(tmpdir(), 'weft-demo-signed-'));
const CRM = '/crm/services/data/v59.0/sobjects';
let rt: RuntimeProcess | undefined;

afterEach(async () => {
  if (rt) await killHard(rt);
  rt = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Stats {
  events: { path: string; status: number }[];
}
const crmEvents = async (demoPort: number) =>
  ((await (await fetch(`http://127.0.0.1:${demoPort}/crm/admin/stats`)).json()) as Stats).events;
const runs = async (url: string, flowId: string) =>
  (await api<{ runs: { status: string }[] }>(url, 'GET', `/api/runs?flowId=${flowId}&limit=500`)).body.runs;

describe('weft start --demo with signed sample events', () => {
  it('verifies the systems’ events on the first start and after a restart on the same data folder', async () => {
    const data = join(dir, 'data');
    const demoPort = await freePort();
    const env = { WEFT_DEMO: '', WEFT_EXAMPLES: '', WEFT_DEMO_PORT: String(demoPort) };
    rt = await startRuntime(data, await freePort(), env, ['--demo']);
    const first = rt;
    await eventually(
      async () => (await crmEvents(demoPort)).some((e) => e.path === 'crm/opportunity-won'),
      'the demo day to send a closed-won event',
      60_000,
      100,
    );
    expect((await crmEvents(demoPort)).map((e) => e.status)).toEqual(expect.arrayContaining([202]));
    expect((await crmEvents(demoPort)).filter((e) => e.status !== 202)).toEqual([]);
    const connections = async (url: string) =>
      (await api<{ connections: { id: string; auth: { secretSet: boolean } }[] }>(url, 'GET', '/api/connections')).body
        .connections;
    // The webhook secret, and one connection per sample system for the example flows' API operations.
    const ids = ['billing', 'clm', 'crm', 'erp', 'psa', 'sample-systems-webhooks'];
    expect((await connections(first.url)).map((c) => c.id).sort()).toEqual(ids);
    expect((await connections(first.url)).find((c) => c.id === 'sample-systems-webhooks')?.auth.secretSet).toBe(true);
    await killHard(first);

    rt = await startRuntime(data, await freePort(), env, ['--demo']);
    const before = (await runs(rt.url, 'opportunity-won')).length;
    const patch = await fetch(`http://127.0.0.1:${demoPort}${CRM}/Opportunity/OPP-2001`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-client-id': 'test' },
      body: JSON.stringify({ StageName: 'Closed Won' }),
    });
    expect(patch.ok, `the CRM answered ${patch.status}`).toBe(true);
    await eventually(
      async () => (await crmEvents(demoPort)).length > 0,
      'the CRM to deliver its event after the restart',
      30_000,
      100,
    );
    expect(await crmEvents(demoPort)).toEqual([expect.objectContaining({ path: 'crm/opportunity-won', status: 202 })]);
    expect((await runs(rt.url, 'opportunity-won')).length).toBe(before + 1);
    expect((await connections(rt.url)).map((c) => c.id).sort()).toEqual(ids);
  }, 120_000);
});
