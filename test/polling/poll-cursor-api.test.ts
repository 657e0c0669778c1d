import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';
import { deploy } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { rows } from '../support/rows.ts';
import { ChangesPeer, pollFlow } from './changes-peer.ts';

describe('polling trigger cursor API', () => {
  const t = apiPerTest();
  let peer: ChangesPeer;
  beforeEach(async () => {
    peer = await ChangesPeer.start();
  });
  afterEach(() => peer.close());

  it('shows the cursor, resets it (audited, operator and up), and the next poll starts there', async () => {
    for (let i = 0; i < 4; i++) peer.change(`r-${i}`);
    await t.weft.connections.create({ id: 'psa', name: 'PSA', baseUrl: peer.url, auth: { type: 'none' } }, null);
    await deploy(t.weft, pollFlow('cur'));
    const path = '/api/flows/cur/triggers/poll/cursor';
    const last = peer.records.get('r-3')!;
    const moved = await until(async () => {
      const r = await t.call('GET', path);
      return r.body.cursor?.afterId === 'r-3' ? r : null;
    }, 'the cursor after the last record');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      flowId: 'cur',
      nodeId: 'poll',
      kind: 'updatedSince',
      initial: false,
      cursor: { since: last.updatedAt, afterId: 'r-3' },
      updatedBy: null,
    });

    const analyst = await t.call('POST', '/api/tokens', { name: 'reader', role: 'analyst' });
    const asAnalyst = { authorization: `Bearer ${analyst.body.token}` };
    expect((await t.call('GET', path, undefined, asAnalyst)).status).toBe(403);
    const operator = await t.call('POST', '/api/tokens', { name: 'on call', role: 'operator' });
    const asOperator = { authorization: `Bearer ${operator.body.token}` };

    const bad = await t.call('PUT', path, { cursor: { since: 'yesterday' } }, asOperator);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('since');
    expect((await t.call('GET', '/api/flows/cur/triggers/out/cursor')).status).toBe(404);

    const back = peer.records.get('r-1')!;
    const reset = await t.call('PUT', path, { cursor: { since: back.updatedAt, afterId: 'r-1' } }, asOperator);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ cursor: { since: back.updatedAt, afterId: 'r-1' }, updatedBy: 'on call' });
    const audit = await t.weft.audit.list({ action: 'trigger.cursor_reset' });
    expect(audit[0]).toMatchObject({
      actorName: 'on call',
      target: 'cur/poll',
      before: { since: last.updatedAt, afterId: 'r-3' },
      after: { since: back.updatedAt, afterId: 'r-1' },
    });

    // Polled again from r-1: r-2 and r-3 are asked for again, but start no second run; a change does.
    const asked = peer.requests;
    peer.change('r-2');
    await until(async () => (await t.call('GET', path)).body.cursor.afterId === 'r-2', 'the cursor at r-2 again');
    expect(peer.requests).toBeGreaterThan(asked);
    const keys = await rows<{ key: string }>(t.weft, 'SELECT key FROM trigger_dedupe WHERE flow_id = ? ORDER BY key', [
      'cur',
    ]);
    expect(keys.map((k) => k.key)).toEqual([
      'poll:poll:r-0:1',
      'poll:poll:r-1:1',
      'poll:poll:r-2:1',
      'poll:poll:r-2:2',
      'poll:poll:r-3:1',
    ]);

    const initial = await t.call('PUT', path, { cursor: null });
    expect(initial.body.cursor).toEqual({ since: new Date(0).toISOString(), afterId: null });
  });
});
