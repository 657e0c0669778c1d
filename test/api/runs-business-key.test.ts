import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { FlowPlan } from '../../runtime/engine/plan.ts';
import type { FlowSettings } from '../../shared/flow.ts';
import type { RunSummary, RunView } from '../../shared/run.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { deploy, finished, start, testWeft } from '../support/weft.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
const plans: Record<string, FlowPlan> = {};

const withSettings = (id: string, settings: FlowSettings) => ({
  ...flow(id, { in: n.manual(), m: n.map('$') }, ['in>m']),
  settings,
});

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  plans.invoices = await deploy(
    weft,
    withSettings('invoices', {
      businessProcess: 'Quote-to-cash',
      criticality: 'critical',
      owner: 'Finance IT',
      businessKey: '=invoice.number',
      sla: { maxDurationMs: 60_000, freshnessMs: 3_600_000 },
    }),
  );
  // The key is computed: the trigger body does not hold the text "INV-1042".
  plans.dunning = await deploy(weft, withSettings('dunning', { businessKey: "='INV-' & $string(ref)" }));
  plans.strict = await deploy(weft, withSettings('strict', { businessKey: '=$number(invoice.number)' }));
});
afterAll(() => weft?.close(100));

/** Starts a live run of `flowId` with `body` and waits for it to end; returns its id. */
async function runOf(flowId: string, body: unknown): Promise<string> {
  const { runId } = await start(weft, plans[flowId], body);
  await finished(weft, runId);
  return runId;
}

const view = async (id: string) => {
  const res = await call('GET', `/api/runs/${id}`);
  expect(res.status).toBe(200);
  return res.body as RunView;
};

const search = async (q: string) => {
  const res = await call('GET', `/api/runs?q=${encodeURIComponent(q)}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.runs as RunSummary[];
};

describe("API: a run's business key and its flow's business context", () => {
  it('stores the key from the trigger event and shows it with the business process and criticality', async () => {
    const id = await runOf('invoices', { invoice: { number: 'INV-1042', amount: 120 } });
    expect(await view(id)).toMatchObject({
      status: 'succeeded',
      businessKey: 'INV-1042',
      businessKeyError: null,
      businessProcess: 'Quote-to-cash',
      criticality: 'critical',
    });
    expect((await weft.store.runs.run(id))?.businessKey).toBe('INV-1042');
    const numeric = await runOf('strict', { invoice: { number: '1042' } });
    expect(await view(numeric), 'a number is kept as text').toMatchObject({
      businessKey: '1042',
      businessProcess: null,
      criticality: 'normal',
    });
  });

  it('leaves no key when the expression fails or gives something else, says why, and the run succeeds', async () => {
    const failing = await runOf('strict', { invoice: { number: 'not a number' } });
    const failed = await view(failing);
    expect(failed).toMatchObject({ status: 'succeeded', businessKey: null });
    expect(failed.businessKeyError).toMatch(/^the businessKey expression failed: /);
    const object = await runOf('invoices', { invoice: { number: { id: 7 } } });
    expect(await view(object)).toMatchObject({
      status: 'succeeded',
      businessKey: null,
      businessKeyError: 'the businessKey expression gave an object, not a text or a number',
    });
    const missing = await runOf('invoices', { order: 1 });
    expect((await view(missing)).businessKeyError).toMatch(/gave no value/);
  });

  it('finds with q every run of every flow whose business key is the text, and nothing else', async () => {
    const first = (await search('INV-1042')).map((r) => r.id);
    const other = await runOf('invoices', { invoice: { number: 'INV-1043' } });
    const a = await runOf('invoices', { invoice: { number: 'INV-1042' } });
    const b = await runOf('dunning', { ref: 1042 });
    const found = await search('INV-1042');
    expect(found.map((r) => r.id)).toEqual([b, a, ...first]);
    expect(found.map((r) => r.id)).not.toContain(other);
    expect(new Set(found.map((r) => r.flowId))).toEqual(new Set(['invoices', 'dunning']));
    expect(found[0]).toMatchObject({ businessKey: 'INV-1042', businessProcess: null, criticality: 'normal' });
    expect(found[1]).toMatchObject({
      businessKey: 'INV-1042',
      businessProcess: 'Quote-to-cash',
      criticality: 'critical',
    });
    expect((await search('INV-1043')).map((r) => r.id)).toEqual([other]);
  });

  it("shows a test run's key and the business context of the draft it ran", async () => {
    const { revision } = await weft.flows.get('dunning');
    const draft = withSettings('dunning', {
      businessKey: "='INV-' & $string(ref)",
      businessProcess: 'Collections',
      criticality: 'high',
    });
    await weft.flows.update('dunning', draft, revision);
    const res = await call('POST', '/api/flows/dunning/test', { input: { ref: 77 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ businessKey: 'INV-77', businessProcess: 'Collections', criticality: 'high' });
    const [listed] = await search('INV-77');
    expect(listed).toMatchObject({
      id: res.body.id,
      mode: 'test',
      businessProcess: 'Collections',
      criticality: 'high',
    });
  });
});
