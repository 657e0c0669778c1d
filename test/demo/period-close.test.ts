import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, settled, stepOf, type DemoStack } from './stack.ts';
import { finished, viewOf } from '../support/weft.ts';
import { standardWebhookSigned } from '../support/standard-webhooks.ts';

const CRM = '/crm/services/data/v59.0/sobjects';
const WS_A = 'PRJ-OPP-2001/WS-A';
let s: DemoStack;

interface Summary {
  entries: number;
  billed: string[];
  held: string[];
  hoursBilled: number;
  failed: { id: string; error: string }[];
}

beforeAll(async () => {
  s = await startDemoStack();
  // The contract behind the entries: project, billing account and schedule, rate card.
  await s.sys('PATCH', `${CRM}/Opportunity/OPP-2001`, { StageName: 'Closed Won' });
  expect((await settled(s, 'opportunity-won', 1))[0].status).toBe('succeeded');
  await s.sys('POST', '/clm/api/contracts/CTR-3001/execute');
  expect((await settled(s, 'contract-executed', 1))[0].status).toBe('succeeded');
}, 60_000);
afterAll(async () => {
  await s?.close();
});

/** Records a time entry in the PSA and, unless `submitted`, approves it; returns its id. */
async function entry(e: Record<string, unknown>, submitted = false): Promise<string> {
  const created = await s.sys('POST', '/psa/v1/time-entries', {
    projectCode: WS_A,
    consultant: 'Tom Becker',
    role: 'Consultant',
    hours: 2,
    billable: true,
    notes: 'delivery',
    ...e,
  });
  if (!submitted) await s.sys('POST', `/psa/v1/time-entries/${created.id}/approve`);
  return created.id as string;
}

/** Asks for a period close and waits until its run and its loop's body runs have finished. */
async function close(periodStart: string, periodEnd: string) {
  const body = JSON.stringify({ periodStart, periodEnd });
  const res = await fetch(`${s.server.url}/hooks/finance/period-close`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...standardWebhookSigned(s.secret, body) },
    body,
  });
  expect(res.status).toBe(202);
  const { runId } = (await res.json()) as { runId: string };
  await settled(s, 'period-close', 1, 30_000);
  return finished(s.weft, runId);
}

/** How many journal entries, invoice lines and held lines name each entry. */
async function postings() {
  const [journal, lines, held] = await Promise.all([
    s.sys('GET', '/erp/api/journal-entries'),
    s.sys('GET', '/billing/api/invoice-lines'),
    s.sys('GET', '/billing/api/held-lines'),
  ]);
  const count = (xs: { sourceRef: string | null }[]) => {
    const m = new Map<string, number>();
    for (const x of xs) if (x.sourceRef) m.set(x.sourceRef, (m.get(x.sourceRef) ?? 0) + 1);
    return m;
  };
  return {
    costs: count(journal.journalEntries),
    lines: count(lines.invoiceLines),
    held: count(held.heldLines),
    invoiceLines: lines.invoiceLines as { sourceRef: string; quantity: number; unitPrice: string; amount: string }[],
  };
}

describe('period close: the approved, unbilled time of a period posted in a loop', () => {
  it('posts every unbilled entry of the period exactly once, lists the ones it cannot post, and posts nothing twice when run again', async () => {
    // Approved while the real-time flow runs: billed at once, so the close leaves it alone.
    const early = await entry({ date: '2026-12-01', consultant: 'Ana Torres' });
    expect((await settled(s, 'time-approved', 1))[0].status).toBe('succeeded');
    // From now on the firm bills at the close of the period.
    expect(await s.weft.deactivate('time-approved')).toBe(true);

    const billable: string[] = [];
    for (let day = 1; day <= 30; day++) billable.push(await entry({ date: `2026-12-${String(day).padStart(2, '0')}` }));
    const internal = await entry({ date: '2026-12-04', billable: false, notes: 'training' });
    const intern = await entry({ date: '2026-12-05', role: 'Intern' });
    const noContract = [
      await entry({ projectCode: 'PRJ-NO-CONTRACT', date: '2026-12-07' }),
      await entry({ projectCode: 'PRJ-NO-CONTRACT', date: '2026-12-08' }),
    ];
    const november = await entry({ date: '2026-11-30' });
    const notApproved = await entry({ date: '2026-12-09' }, true);

    const run = await close('2026-12-01', '2026-12-31');
    expect(run.status, run.error ?? '').toBe('succeeded');
    const summary = (await stepOf(s.weft, run.id, 'summary')).output as Summary;
    expect(summary.entries).toBe(34);
    expect([...summary.billed].sort()).toEqual([...billable].sort());
    expect([...summary.held].sort()).toEqual([internal, intern].sort());
    expect(summary.hoursBilled).toBe(60);
    expect(summary.failed.map((f) => f.id).sort()).toEqual([...noContract].sort());
    for (const f of summary.failed)
      expect(f.error).toBe(
        'project PRJ-NO-CONTRACT has no rate card: the contract has not been executed, or its flow failed',
      );
    expect((await viewOf(s.weft, run.id)).loops).toEqual([
      expect.objectContaining({ nodeId: 'loop', total: 34, done: 32, running: 0 }),
    ]);

    const once = async () => {
      const p = await postings();
      for (const id of [early, ...billable]) {
        expect(p.costs.get(id), `cost of ${id}`).toBe(1);
        expect(p.lines.get(id), `invoice line of ${id}`).toBe(1);
        expect(p.held.get(id), `held line of ${id}`).toBeUndefined();
      }
      for (const id of [internal, intern]) {
        expect(p.costs.get(id), `cost of ${id}`).toBe(1);
        expect(p.held.get(id), `held line of ${id}`).toBe(1);
        expect(p.lines.get(id), `invoice line of ${id}`).toBeUndefined();
      }
      for (const id of [...noContract, november, notApproved]) {
        expect(p.costs.get(id), `cost of ${id}`).toBeUndefined();
        expect(p.lines.get(id) ?? p.held.get(id), `line of ${id}`).toBeUndefined();
      }
      return p;
    };
    const first = await once();
    // At the contract's rate: 2 h × 180.00.
    for (const id of billable)
      expect(first.invoiceLines.find((l) => l.sourceRef === id)).toMatchObject({
        quantity: 2,
        unitPrice: '180.00',
        amount: '360.00',
      });
    expect((await s.sys('GET', '/billing/api/held-lines')).heldLines).toContainEqual(
      expect.objectContaining({ sourceRef: intern, reason: 'no rate for role Intern on the rate card' }),
    );

    // Closing the period again finds only the entries it could not post, and posts nothing twice.
    const again = await close('2026-12-01', '2026-12-31');
    expect(again.status).toBe('succeeded');
    const second = (await stepOf(s.weft, again.id, 'summary')).output as Summary;
    expect(second).toMatchObject({ entries: 2, billed: [], held: [] });
    expect(second.failed.map((f) => f.id).sort()).toEqual([...noContract].sort());
    await once();
  }, 90_000);

  it('refuses a period that ends before it starts, posting nothing', async () => {
    const before = await postings();
    const run = await close('2026-12-31', '2026-12-01');
    expect(run.status).toBe('failed');
    expect(JSON.parse(run.error!)).toMatchObject({
      code: 'period_invalid',
      message: 'the period cannot be closed: /periodEnd the period ends before it starts',
    });
    expect(await postings()).toEqual(before);
  });
});
