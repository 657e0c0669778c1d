import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { client } from '../support/api.ts';
import { HttpStub } from '../support/http-stub.ts';
import { testWeft } from '../support/weft.ts';
import { PUBLIC_URL, alertsSettled, incidents, invoiceFlow, ruleWithChannel, runner } from '../support/alerts.ts';

const SECRET = 'alert-signing-secret-0123456789';

describe('alerts through a signed webhook', () => {
  let weft: Weft;
  let call: ReturnType<typeof client>;
  let stub: HttpStub;

  beforeEach(async () => {
    weft = await testWeft({ config: { publicUrl: PUBLIC_URL, alertIntervalMs: 0 } });
    call = client(weft);
    stub = await HttpStub.start();
  });
  afterEach(async () => {
    await weft.close(0);
    await stub.close();
  });

  it('notifies once per incident with the business key and a valid signature, then once when it resolves; nothing for flows below the criticality', async () => {
    await ruleWithChannel(
      call,
      { kind: 'webhook', name: 'Ops', settings: { url: `${stub.url}/alerts`, secret: SECRET } },
      { kind: 'run_failed', name: 'Important flows failing', condition: { minCriticality: 'high' } },
    );
    const invoices = await runner(
      weft,
      invoiceFlow('invoices', { criticality: 'critical', businessProcess: 'Quote-to-cash', owner: 'Finance IT' }),
    );
    const timesheets = await runner(weft, invoiceFlow('timesheets', { criticality: 'low' }));

    const first = await invoices('INV-1', true);
    await invoices('INV-2', true);
    await timesheets('TS-1', true);
    await alertsSettled(weft, 3);
    expect(stub.calls('/alerts')).toHaveLength(1);

    const [opened] = stub.calls('/alerts');
    expect(opened!.headers['x-weft-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(opened!.body).digest('hex')}`,
    );
    expect(opened!.headers['x-weft-event']).toBe('opened');
    expect(JSON.parse(opened!.body)).toMatchObject({
      event: 'opened',
      flowId: 'invoices',
      flowName: 'Test flow invoices',
      businessProcess: 'Quote-to-cash',
      criticality: 'critical',
      owner: 'Finance IT',
      businessKey: 'INV-1',
      runId: first.id,
      runUrl: `${PUBLIC_URL}/runs/${first.id}`,
      error: { code: 'erp_down', message: 'ERP refused the invoice' },
      incident: { ruleName: 'Important flows failing', kind: 'run_failed', occurrences: 1 },
    });

    await invoices('INV-3', false);
    await invoices('INV-4', false);
    await alertsSettled(weft, 5);
    const calls = stub.calls('/alerts');
    expect(calls).toHaveLength(2);
    const resolved = JSON.parse(calls[1]!.body);
    expect(resolved).toMatchObject({ event: 'resolved', flowId: 'invoices', businessKey: 'INV-2' });
    expect(resolved.incident.resolvedAt).toEqual(expect.any(Number));
    expect(calls[1]!.headers['x-weft-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(calls[1]!.body).digest('hex')}`,
    );

    const history = await incidents(call);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: 'resolved', flowId: 'invoices', occurrences: 2 });
    expect(history[0]!.deliveries.map((d) => [d.event, d.status, d.attempts])).toEqual([
      ['opened', 'sent', 1],
      ['resolved', 'sent', 1],
    ]);
  });

  it('opens a new incident once the last one resolved', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices'));
    await ruleWithChannel(
      call,
      { kind: 'webhook', name: 'Ops', settings: { url: `${stub.url}/alerts`, secret: SECRET } },
      { kind: 'run_failed', name: 'Invoices failing', condition: { flowId: 'invoices' } },
    );
    await invoices('INV-1', true);
    await invoices('INV-2', false);
    await invoices('INV-3', true);
    await alertsSettled(weft, 3);
    expect(stub.calls('/alerts').map((c) => JSON.parse(c.body).event)).toEqual(['opened', 'resolved', 'opened']);
    const history = await incidents(call, '?status=open');
    expect(history).toHaveLength(1);
    expect(history[0]!.detail.businessKey).toBe('INV-3');
  });

  it('posts a Slack message (text and blocks) to a Slack-compatible incoming webhook, whose URL stays secret', async () => {
    const invoices = await runner(weft, invoiceFlow('invoices', { businessProcess: 'Quote-to-cash' }));
    const { channelId } = await ruleWithChannel(
      call,
      { kind: 'slack', name: '#ops', settings: { url: `${stub.url}/slack/T000/B000/XXXX` } },
      { kind: 'run_failed', name: 'Invoices failing', condition: { flowId: 'invoices' } },
    );
    const run = await invoices('INV-9', true);
    await alertsSettled(weft, 1);
    const [post] = stub.calls('/slack/T000/B000/XXXX');
    const message = JSON.parse(post!.body);
    expect(message.text).toBe(
      '[Alert] Invoices failing: Run failed: Test flow invoices [INV-9] — erp_down: ERP refused the invoice',
    );
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain('*Business key*\\nINV-9');
    expect(blocks).toContain('*Business process*\\nQuote-to-cash');
    expect(blocks).toContain(`<${PUBLIC_URL}/runs/${run.id}|${run.id}>`);
    const shown = (await call('GET', '/api/alerts/channels')).body.channels[0];
    expect(shown).toMatchObject({ id: channelId, kind: 'slack', secretSet: true, settings: { allowPrivate: false } });
    expect(JSON.stringify(shown)).not.toContain('XXXX');
  });
});
