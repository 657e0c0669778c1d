import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from './stack.ts';
import { runDemoDay } from '../../flows/demo/demo-day.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';

interface TestRun {
  status: string;
  error?: { nodeId?: string; message?: string };
}

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack({ realClock: true });
  await runDemoDay({ weftUrl: s.server.url, systemsUrl: s.systems.url, weftToken: ADMIN_TOKEN, timeEntries: 4 });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

async function testRun(flowId: string, sample: string): Promise<TestRun> {
  const draft = await s.weft.flows.get(flowId);
  const found = draft.definition.samples?.find((x) => x.name.startsWith(sample));
  if (!found) throw new Error(`flow ${flowId} has no sample "${sample}"`);
  const res = await fetch(`${s.server.url}/api/flows/${flowId}/test`, {
    method: 'POST',
    headers: { ...ADMIN_AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ input: found.payload }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as TestRun;
}

describe('the README walkthrough after the demo day', () => {
  it('runs the opportunity-won samples with the outcomes the README promises', async () => {
    const won = await testRun('opportunity-won', 'Won deal');
    expect(won.status, JSON.stringify(won.error)).toBe('succeeded');

    const tax = await testRun('opportunity-won', 'Unknown tax region');
    expect(tax.status).toBe('failed');
    expect(tax.error?.nodeId).toBe('create_customer');
    expect(tax.error?.message).toMatch(/answered 422: customer is invalid \(taxRegion: unknown tax region "XX"\)/);

    const rejected = await testRun('opportunity-won', 'Not closed-won');
    expect(rejected.status).toBe('failed');
    expect(rejected.error?.nodeId).toBe('reject');

    // The same sample again is the same intent: the same keys, the same outcome, nothing created twice.
    const again = await testRun('opportunity-won', 'Won deal');
    expect(again.status).toBe('succeeded');
    expect((await s.sys('GET', '/erp/api/customers?externalRef=ACC-1001')).customers).toHaveLength(1);
    expect((await s.sys('GET', '/erp/api/projects?code=PRJ-OPP-2001')).projects).toHaveLength(1);
  }, 30_000);
});
