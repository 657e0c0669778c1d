import { call, weftIdle, bearer, systemsDelivered } from './http.ts';
import { planTimeEntries, team } from './time-entries.ts';

export interface DemoDayOptions {
  weftUrl: string;
  systemsUrl: string;
  /** An API token (operator or admin) for Weft's API. */
  weftToken?: string;
  /** Approved time entries to send (hundreds for a realistic day). */
  timeEntries?: number;
  log?: (line: string) => void;
}

const CRM = '/crm/services/data/v59.0/sobjects';
type Record_ = Record<string, unknown>;

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * A day of work in the sample systems, in the order a firm lives it: four deals close in the CRM
 * (one while the ERP is down, one for an account whose tax region the ERP refuses), their contracts
 * are executed, consultants' time is approved, milestones are accepted (one that is not in the
 * schedule), invoices are posted. Every event reaches Weft through the systems' own webhooks, so the
 * example flows do the work. Each day works on new opportunities and contracts (copies of the seeded
 * ones), so it can run again and again.
 */
export async function runDemoDay(o: DemoDayOptions): Promise<Record<string, number>> {
  const log = o.log ?? (() => {});
  const sys = o.systemsUrl;
  const idle = async (what: string) => {
    // The systems' events reach Weft first (their runs exist once delivered), then Weft finishes them.
    const busy = !(await systemsDelivered(sys)) || !(await weftIdle(o.weftUrl, o.weftToken));
    if (busy) log(`still busy after ${what}; going on`);
  };
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const newDeal = async (template: string) => {
    const {
      Id: _id,
      Project_Code__c: _p,
      ERP_Status__c: _s,
      ...fields
    } = await call<Record_>('GET', `${sys}${CRM}/Opportunity/${template}`);
    const created = await call<{ id: string }>('POST', `${sys}${CRM}/Opportunity`, {
      ...fields,
      Name: `${fields.Name} (${stamp})`,
      StageName: 'Negotiation',
    });
    return created.id;
  };
  const closeWon = (id: string) => call('PATCH', `${sys}${CRM}/Opportunity/${id}`, { StageName: 'Closed Won' });

  log('closing deals in the CRM');
  const deals: Record<string, string> = {};
  for (const t of ['OPP-2001', 'OPP-2002', 'OPP-2003', 'OPP-2004']) deals[t] = await newDeal(t);
  await closeWon(deals['OPP-2001']);
  await closeWon(deals['OPP-2002']);
  await closeWon(deals['OPP-2004']);
  await idle('the first deals');

  log('the ERP goes down while Fabrikam’s deal closes (its run fails after its retries; retry it from Runs)');
  await call('PUT', `${sys}/erp/admin/faults`, { failNext: 5 });
  await closeWon(deals['OPP-2003']);
  await idle('the deal during the outage');
  await call('DELETE', `${sys}/erp/admin/faults`);

  log('executing contracts in the CLM');
  for (const [template, deal] of [
    ['CTR-3001', deals['OPP-2001']],
    ['CTR-3002', deals['OPP-2002']],
  ]) {
    const {
      id: _id,
      number: _n,
      status: _s,
      executedAt: _e,
      ...fields
    } = await call<Record_>('GET', `${sys}/clm/api/contracts/${template}`);
    const contract = await call<{ id: string }>('POST', `${sys}/clm/api/contracts`, {
      ...fields,
      title: `${fields.title} (${stamp})`,
      opportunityId: deal,
    });
    await call('POST', `${sys}/clm/api/contracts/${contract.id}/execute`);
  }
  await idle('the contracts');

  const tm = `PRJ-${deals['OPP-2001']}`;
  const milestones = `PRJ-${deals['OPP-2002']}`;
  const entries = planTimeEntries(team(tm, milestones), o.timeEntries ?? 300, new Date().toISOString().slice(0, 10));
  log(`submitting and approving ${entries.length} time entries in the PSA`);
  await pool(entries, 6, async (e) => {
    const created = await call<{ id: string }>('POST', `${sys}/psa/v1/time-entries`, e);
    await call('POST', `${sys}/psa/v1/time-entries/${created.id}/approve`);
  });
  await idle('the time entries');

  log('accepting milestones');
  for (const m of [
    { code: 'M1', title: 'Blueprint' },
    { code: 'M2', title: 'Build' },
    { code: 'M9', title: 'Extra training (not in the contract)' },
  ]) {
    const created = await call<{ id: string }>('POST', `${sys}/psa/v1/milestones`, { projectCode: milestones, ...m });
    await call('POST', `${sys}/psa/v1/milestones/${created.id}/accept`);
  }
  await idle('the milestones');

  log('posting invoices in billing');
  for (const projectCode of [tm, milestones]) {
    const invoice = await call<{ invoiceId: string }>('POST', `${sys}/billing/api/invoices`, { projectCode });
    await call('POST', `${sys}/billing/api/invoices/${invoice.invoiceId}/post`);
  }
  await idle('the invoices');

  const counts: Record<string, number> = {};
  for (const status of ['succeeded', 'failed', 'running']) {
    let n = 0;
    let before = '';
    for (;;) {
      const page = await call<{ runs: { id: string }[]; next: string | null }>(
        'GET',
        `${o.weftUrl}/api/runs?status=${status}&mode=live&limit=500${before}`,
        undefined,
        bearer(o.weftToken),
      );
      n += page.runs.length;
      if (!page.next) break;
      before = `&before=${page.next}`;
    }
    counts[status] = n;
  }
  log(`done: ${counts.succeeded} runs succeeded, ${counts.failed} failed, ${counts.running} still running`);
  return counts;
}
