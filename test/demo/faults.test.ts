import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { standardWebhookSigned } from '../support/standard-webhooks.ts';
import { startDemoStack, settled, stepOf, runsOf, type DemoStack } from './stack.ts';
import { stepReaches } from '../support/weft.ts';

const CRM = '/crm/services/data/v59.0/sobjects';
let s: DemoStack;

beforeAll(async () => {
  s = await startDemoStack();
}, 60_000);
afterAll(async () => {
  await s?.close();
});
beforeEach(async () => {
  for (const sys of ['crm', 'clm', 'psa', 'erp', 'billing']) await s.sys('POST', `/${sys}/admin/reset`);
});

/** Posts the CRM's closed-won event straight to Weft, signed as the CRM would, without touching the CRM itself. */
async function closedWon(id: string, eventId: string, beforeSend?: () => Promise<void>) {
  const opportunity = { ...(await s.sys('GET', `${CRM}/Opportunity/${id}`)), StageName: 'Closed Won' };
  const account = await s.sys('GET', `${CRM}/Account/${opportunity.AccountId}`);
  await beforeSend?.();
  const body = JSON.stringify({
    event: 'opportunity.closed_won',
    eventId,
    occurredAt: new Date().toISOString(),
    opportunity,
    account,
  });
  const res = await fetch(`${s.server.url}/hooks/crm/opportunity-won`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': eventId,
      ...standardWebhookSigned(s.secret, body, eventId),
    },
    body,
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}

describe('the example flows when the sample systems misbehave', () => {
  it('an ERP outage: runs wait and retry, and afterwards there is exactly one customer, project and billing account each', async () => {
    await s.sys('PUT', '/erp/admin/faults', { errorRate: 1 });
    const runIds = [await closedWon('OPP-2001', 'evt-outage-1'), await closedWon('OPP-2002', 'evt-outage-2')];
    for (const id of runIds)
      await stepReaches(
        s.weft,
        id,
        'find_customer',
        (st) => st.status === 'retrying',
        'waiting for a retry while the ERP is down',
      );
    await s.clock.advanceSettled(1_000);
    for (const id of runIds)
      await stepReaches(
        s.weft,
        id,
        'find_customer',
        (st) => st.status === 'retrying' && st.attempts >= 2,
        'retried at least once during the outage',
      );
    await s.sys('DELETE', '/erp/admin/faults');
    const runs = await settled(s, 'opportunity-won', 2);
    for (const r of runs) expect(r.status, JSON.stringify(r.error)).toBe('succeeded');

    for (const [acc, opp] of [
      ['ACC-1001', 'OPP-2001'],
      ['ACC-1002', 'OPP-2002'],
    ]) {
      expect((await s.sys('GET', `/erp/api/customers?externalRef=${acc}`)).customers).toHaveLength(1);
      expect((await s.sys('GET', `/erp/api/projects?code=PRJ-${opp}`)).projects).toHaveLength(1);
      expect((await s.sys('GET', `/billing/api/accounts?crmAccountId=${acc}`)).accounts).toHaveLength(1);
    }
    // The systems' own counts: one seeded customer plus one per deal, one project and one billing account per deal.
    expect((await s.sys('GET', '/erp/admin/stats')).counts).toMatchObject({ customers: 3, projects: 2 });
    expect((await s.sys('GET', '/billing/admin/stats')).counts).toMatchObject({ accounts: 2, schedules: 2 });
    expect((await s.sys('GET', '/psa/admin/stats')).counts).toMatchObject({ projects: 2 });
    expect((await stepOf(s.weft, runIds[0], 'find_customer')).attempts).toBeGreaterThanOrEqual(3);
  });

  it('dropped connections and lost answers to ERP writes: retried with the same Idempotency-Key, nothing created twice', async () => {
    await s.sys('PUT', '/erp/admin/faults', { dropNext: 2 });
    const before = (await runsOf(s.weft, 'opportunity-won')).length;
    const runId = await closedWon('OPP-2001', 'evt-drop-1');
    const [run] = await settled(s, 'opportunity-won', before + 1);
    expect(run.id).toBe(runId);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    expect((await s.sys('GET', '/erp/api/customers?externalRef=ACC-1001')).customers).toHaveLength(1);
    expect((await s.sys('GET', '/erp/api/projects?code=PRJ-OPP-2001')).projects).toHaveLength(1);
  });

  it('the CRM answering 429: the write-back waits for Retry-After and then succeeds', async () => {
    const before = (await runsOf(s.weft, 'opportunity-won')).length;
    const runId = await closedWon('OPP-2001', 'evt-429-1', () =>
      s.sys('PUT', '/crm/admin/faults', { status429Next: 3, retryAfterSeconds: 20 }),
    );
    const waiting = await stepReaches(
      s.weft,
      runId,
      'crm_writeback',
      (st) => st.status === 'retrying',
      'the write-back waiting after a 429',
    );
    expect(waiting.nextAttemptAt! - s.clock.now()).toBeGreaterThanOrEqual(19_000);
    const [run] = await settled(s, 'opportunity-won', before + 1, 15_000);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    const step = await stepOf(s.weft, runId, 'crm_writeback');
    expect(step.attempts).toBe(4);
    expect(step.attemptErrors.map((e) => e.code)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    expect(await s.sys('GET', `${CRM}/Opportunity/OPP-2001`)).toMatchObject({ Project_Code__c: 'PRJ-OPP-2001' });
  });

  it('an ERP 422 for an unknown tax region fails the run with the field error on the step', async () => {
    const before = (await runsOf(s.weft, 'opportunity-won')).length;
    await s.sys('PATCH', `${CRM}/Opportunity/OPP-2004`, { StageName: 'Closed Won' });
    const [run] = await settled(s, 'opportunity-won', before + 1);
    expect(run.status).toBe('failed');
    const step = await stepOf(s.weft, run.id, 'create_customer');
    expect(step.status).toBe('failed');
    expect(step.attempts).toBe(1);
    expect(step.error?.message).toMatch(/answered 422: .*taxRegion: unknown tax region "XX"/);
    expect((await s.sys('GET', '/erp/api/customers?externalRef=ACC-1004')).customers).toHaveLength(0);
  });
});
