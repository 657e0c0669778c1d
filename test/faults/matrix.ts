import { expect } from 'vitest';
import type { DemoStack } from '../demo/stack.ts';
import { viewOf } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { standardWebhookSigned } from '../support/standard-webhooks.ts';
import type { RunView, StepView } from '../../shared/run.ts';

/** Helpers of the fault matrix (fault-matrix.test.ts) against the demo stack. */
export const CRM = '/crm/services/data/v59.0/sobjects';
export const SYSTEMS = ['crm', 'psa', 'erp', 'billing'] as const;
/** Valid deals on three different accounts (ACC-1003 already has an ERP customer). */
export const DEALS = ['OPP-2001', 'OPP-2002', 'OPP-2003'];
/** The opportunity-won steps that call each system. */
export const CALLS = {
  erp: ['find_customer', 'create_customer', 'erp_project'],
  billing: ['find_billing_account', 'create_billing_account', 'billing_schedule'],
};

export type Stats = { requests: number; duplicates: number; counts: Record<string, number> };

const steps = (runs: RunView[]): StepView[] => runs.flatMap((r) => r.steps ?? []);
export const attemptErrorCodes = (runs: RunView[]) => steps(runs).flatMap((st) => st.attemptErrors.map((e) => e.code));
/**
 * Attempts of the steps that call a system. Each attempt is one request that reached it; a step held
 * by an open circuit or a paused queue sends nothing and uses no attempt, so this equals the system's request count.
 */
export const attemptsOn = (runs: RunView[], nodes: string[]) =>
  steps(runs)
    .filter((st) => nodes.includes(st.nodeId))
    .reduce((sum, st) => sum + st.attempts, 0);

/** Every run ended succeeded, or failed with one of the `allowed` error codes and a message; returns the failed ones. */
export function expectEnded(runs: RunView[], allowed: readonly string[] = []): RunView[] {
  for (const r of runs) {
    expect(['succeeded', 'failed'], `run ${r.id}: ${JSON.stringify(r.error)}`).toContain(r.status);
    if (r.status === 'failed') {
      expect(allowed, `error code of failed run ${r.id}: ${JSON.stringify(r.error)}`).toContain(r.error?.code);
      expect(r.error?.message, `failed run ${r.id} says why`).toMatch(/\S/);
    }
  }
  return runs.filter((r) => r.status === 'failed');
}

/** `stack()` gives the current stack; `eventPrefix()` makes event ids unique per test case. */
export function matrix(stack: () => DemoStack, eventPrefix: () => string) {
  const call = (method: string, path: string) => stack().sys(method, path);

  /** Posts the CRM's closed-won event for each deal straight to Weft (signed, as the CRM would); returns the run ids. */
  async function closedWon(deals: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const id of deals) {
      const opportunity = { ...(await call('GET', `${CRM}/Opportunity/${id}`)), StageName: 'Closed Won' };
      const account = await call('GET', `${CRM}/Account/${opportunity.AccountId}`);
      const eventId = `${eventPrefix()}-${id}`;
      const body = JSON.stringify({
        event: 'opportunity.closed_won',
        eventId,
        occurredAt: new Date().toISOString(),
        opportunity,
        account,
      });
      const res = await fetch(`${stack().server.url}/hooks/crm/opportunity-won`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': eventId,
          ...standardWebhookSigned(stack().secret, body, eventId),
        },
        body,
      });
      expect(res.status, `webhook for ${id}`).toBe(202);
      ids.push(((await res.json()) as { runId: string }).runId);
    }
    return ids;
  }

  const statusOf = async (id: string) => (await stack().weft.store.runs.run(id))?.status ?? 'missing';
  /** A step of a run as the API shows it, or undefined while it has not run yet. */
  const stepIf = async (runId: string, nodeId: string) =>
    (await viewOf(stack().weft, runId)).steps?.find((st) => st.nodeId === nodeId);

  /**
   * Waits (bounded) until none of the runs is running, advancing the manual clock
   * meanwhile so retry backoff, Retry-After pauses and circuit cool-downs cost no
   * real time (only for flows without a step timeout: a jump could time out a request in flight).
   */
  async function settle(runIds: string[], timeoutMs = 15_000): Promise<RunView[]> {
    let now: string[] = [];
    await until(
      async () => {
        now = await Promise.all(runIds.map(statusOf));
        if (now.includes('running')) {
          stack().clock.advance(1_000);
          return null;
        }
        return true;
      },
      'runs to finish',
      timeoutMs,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (now ${now.join(', ')})`);
    });
    return Promise.all(runIds.map((id) => viewOf(stack().weft, id)));
  }

  /** GET /<sys>/admin/stats of each system. */
  async function stats(): Promise<Record<(typeof SYSTEMS)[number], Stats>> {
    const entries = await Promise.all(
      SYSTEMS.map(async (name) => [name, (await call('GET', `/${name}/admin/stats`)) as Stats] as const),
    );
    return Object.fromEntries(entries) as Record<(typeof SYSTEMS)[number], Stats>;
  }

  /** No Idempotency-Key was replayed, and each deal that went through made exactly one of each record. */
  async function expectNoDuplicates(succeededDeals: string[], allDeals = succeededDeals): Promise<void> {
    const now = await stats();
    for (const name of SYSTEMS) expect(now[name].duplicates, `${name} duplicates`).toBe(0);
    for (const opp of allDeals) {
      const ok = succeededDeals.includes(opp);
      const { AccountId: acc } = await call('GET', `${CRM}/Opportunity/${opp}`);
      expect(
        (await call('GET', `/erp/api/customers?externalRef=${acc}`)).customers,
        `ERP customers of ${acc}`,
      ).toHaveLength(ok || acc === 'ACC-1003' ? 1 : 0);
      expect((await call('GET', `/erp/api/projects?code=PRJ-${opp}`)).projects, `ERP projects PRJ-${opp}`).toHaveLength(
        ok ? 1 : 0,
      );
      const psa = (await call('GET', `/psa/v1/projects?clientRef=${acc}`)).projects as { code: string }[];
      expect(
        psa.map((p) => p.code),
        `PSA projects of ${acc}`,
      ).toEqual(ok ? [`PRJ-${opp}`] : []);
      expect(
        (await call('GET', `/billing/api/accounts?crmAccountId=${acc}`)).accounts,
        `billing accounts of ${acc}`,
      ).toHaveLength(ok ? 1 : 0);
      expect(
        (await call('GET', `${CRM}/Opportunity/${opp}`)).Project_Code__c,
        `project code written back to ${opp}`,
      ).toBe(ok ? `PRJ-${opp}` : null);
    }
    // Totals: nothing was created for a key outside the deals (seed: one ERP customer, for ACC-1003).
    const count = succeededDeals.length;
    const newCustomers = succeededDeals.filter((o) => o !== 'OPP-2003').length;
    expect(now.erp.counts, 'ERP counts').toMatchObject({ customers: 1 + newCustomers, projects: count });
    expect(now.psa.counts, 'PSA counts').toMatchObject({ projects: count });
    expect(now.billing.counts, 'billing counts').toMatchObject({ accounts: count, schedules: count });
  }

  return { closedWon, statusOf, stepIf, settle, stats, expectNoDuplicates };
}
