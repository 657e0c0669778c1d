import type { Weft } from '../../runtime/weft.ts';
import type { FlowDefinitionInput } from '../../shared/flow.ts';
import type { IncidentView } from '../../shared/alert-history.ts';
import type { client } from './api.ts';
import { flow, n } from './flows.ts';
import { until } from './poll.ts';
import { deploy, finished, start } from './weft.ts';

export const PUBLIC_URL = 'https://weft.example.com';

/**
 * A flow that fails (control.fail, code erp_down) when its body says `fail: true` and succeeds otherwise,
 * with business settings; its business key is the body's invoice number.
 */
export function invoiceFlow(id: string, settings: Record<string, unknown> = {}): FlowDefinitionInput {
  const def = flow(
    id,
    {
      in: n.manual(),
      check: n.if('fail = true'),
      boom: { type: 'control.fail', config: { message: 'ERP refused the invoice', code: 'erp_down' } },
      ok: n.map('$'),
    },
    ['in>check', 'check:true>boom', 'check:false>ok'],
  );
  return { ...def, settings: { businessKey: '=invoice', ...settings } };
}

/** Deploys `def`; each call of the result starts a run with the invoice number and waits for its end. */
export async function runner(weft: Weft, def: FlowDefinitionInput) {
  const plan = await deploy(weft, def);
  return async (invoice: string, fail: boolean) => {
    const { runId } = await start(weft, plan, { invoice, fail });
    return finished(weft, runId);
  };
}

/** Waits until the run rules have looked at `count` ended runs and the outbox has tried what that made due. */
export async function attempted(weft: Weft, count: number): Promise<void> {
  await until(() => weft.alerts.evaluator.stats.runsJudged >= count, `${count} ended runs judged by the alert rules`);
  await weft.alerts.evaluator.settled();
  await weft.alerts.outbox.kick();
}

/** Like attempted(), and every notification queued is sent or given up. */
export async function alertsSettled(weft: Weft, count: number): Promise<void> {
  await attempted(weft, count);
  await until(async () => (await weft.store.alerts.nextDeliveryAt()) === null, 'no notification left to send');
}

/** The alert history as GET /api/alerts/incidents shows it. */
export async function incidents(call: ReturnType<typeof client>, query = ''): Promise<IncidentView[]> {
  const res = await call('GET', `/api/alerts/incidents${query}`);
  if (res.status !== 200)
    throw new Error(`GET /api/alerts/incidents answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.incidents;
}

/** Creates a channel and a rule notifying it through the API; returns their ids. */
export async function ruleWithChannel(
  call: ReturnType<typeof client>,
  channel: Record<string, unknown>,
  rule: Record<string, unknown>,
): Promise<{ channelId: string; ruleId: string }> {
  const ch = await call('POST', '/api/alerts/channels', channel);
  if (ch.status !== 201) throw new Error(`channel: ${ch.status} ${JSON.stringify(ch.body)}`);
  const r = await call('POST', '/api/alerts/rules', { ...rule, channelIds: [ch.body.id] });
  if (r.status !== 201) throw new Error(`rule: ${r.status} ${JSON.stringify(r.body)}`);
  return { channelId: ch.body.id, ruleId: r.body.id };
}
