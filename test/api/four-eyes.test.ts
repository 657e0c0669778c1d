import { describe, expect, it } from 'vitest';
import { apiPerTest } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';

const t = apiPerTest();

/** A second principal: an operator's API token. */
async function operator(name: string): Promise<Record<string, string>> {
  const res = await t.call('POST', '/api/tokens', { name, role: 'operator' });
  expect(res.status).toBe(201);
  return { authorization: `Bearer ${res.body.token}` };
}

/** A flow created and published by the bootstrap admin; its version. */
async function published(id: string, criticality?: string): Promise<number> {
  const def = flow(id, { in: n.manual(), out: n.map('$') }, ['in>out']);
  const body = criticality ? { ...def, settings: { ...def.settings, criticality } } : def;
  expect((await t.call('POST', '/api/flows', body)).status).toBe(201);
  const pub = await t.call('POST', `/api/flows/${id}/publish`, { note: 'first' });
  expect(pub.status).toBe(201);
  return pub.body.version as number;
}

describe('four-eyes activation over the API', () => {
  it('is off by default; admins set it, operators may not, and the change is audited', async () => {
    expect((await t.call('GET', '/api/settings/four-eyes')).body).toEqual({ mode: 'off' });
    const op = await operator('ops');
    expect((await t.call('PUT', '/api/settings/four-eyes', { mode: 'all' }, op)).status).toBe(403);
    expect((await t.call('PUT', '/api/settings/four-eyes', { mode: 'criticality' })).status).toBe(400);
    const set = await t.call('PUT', '/api/settings/four-eyes', { mode: 'criticality', criticality: 'high' });
    expect(set.status).toBe(200);
    expect((await t.call('GET', '/api/settings/four-eyes', undefined, op)).body).toEqual(set.body);
    const audit = (await t.call('GET', '/api/audit?action=settings.four_eyes')).body.entries;
    expect(audit).toMatchObject([{ actorName: 'bootstrap', before: { mode: 'off' }, after: set.body }]);
  });

  it('refuses self-approval (403) and activation without approval (409); another user approves, then it activates', async () => {
    await t.call('PUT', '/api/settings/four-eyes', { mode: 'all' });
    const v = await published('orders');

    const blocked = await t.call('POST', '/api/flows/orders/activate', { version: v });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toMatch(/published by bootstrap.*a different user must approve/);

    const self = await t.call('POST', `/api/flows/orders/versions/${v}/approve`);
    expect(self.status).toBe(403);
    expect(self.body.error.message).toContain('a different user must approve');

    const listed = (await t.call('GET', '/api/flows/orders/versions')).body.versions;
    expect(listed[0].approval).toMatchObject({ state: 'pending', publishedBy: 'bootstrap' });

    const op = await operator('reviewer');
    const first = await t.call('POST', `/api/flows/orders/versions/${v}/approve`, undefined, op);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ state: 'approved', by: 'reviewer', publishedBy: 'bootstrap' });
    const again = await t.call('POST', `/api/flows/orders/versions/${v}/approve`, undefined, op);
    expect(again.body).toEqual(first.body);

    expect((await t.call('POST', '/api/flows/orders/activate', { version: v })).status).toBe(200);
    expect((await t.call('GET', `/api/flows/orders/versions/${v}`)).body).toMatchObject({
      active: true,
      approval: { state: 'approved', by: 'reviewer' },
    });
    expect((await t.call('POST', '/api/flows/orders/deactivate')).status).toBe(200);

    const audit = (await t.call('GET', '/api/audit?action=flow.version')).body.entries;
    expect(audit.map((e: { action: string; actorName: string }) => [e.action, e.actorName])).toEqual([
      ['flow.version.approved', 'reviewer'],
    ]);
  });

  it('a refusal needs a reason and blocks activation until another user approves', async () => {
    await t.call('PUT', '/api/settings/four-eyes', { mode: 'all' });
    const v = await published('invoices');
    const op = await operator('reviewer');
    expect((await t.call('POST', `/api/flows/invoices/versions/${v}/refuse`, {}, op)).status).toBe(400);
    expect((await t.call('POST', `/api/flows/invoices/versions/${v}/refuse`, { reason: ' ' }, op)).status).toBe(400);
    const refused = await t.call('POST', `/api/flows/invoices/versions/${v}/refuse`, { reason: 'drops VAT' }, op);
    expect(refused.body).toMatchObject({ state: 'refused', by: 'reviewer', reason: 'drops VAT' });

    const blocked = await t.call('POST', '/api/flows/invoices/activate', { version: v });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('refused by reviewer ("drops VAT")');

    const other = await operator('second reviewer');
    expect((await t.call('POST', `/api/flows/invoices/versions/${v}/approve`, undefined, other)).status).toBe(200);
    expect((await t.call('POST', '/api/flows/invoices/activate', { version: v })).status).toBe(200);
    const audit = (await t.call('GET', '/api/audit?action=flow.version')).body.entries;
    expect(audit.map((e: { action: string }) => e.action).reverse()).toEqual([
      'flow.version.refused',
      'flow.version.approved',
    ]);
    expect((await t.call('POST', '/api/flows/nope/versions/1/approve', undefined, other)).status).toBe(404);
  });

  it('by criticality: only flows at or above it need approval', async () => {
    await t.call('PUT', '/api/settings/four-eyes', { mode: 'criticality', criticality: 'critical' });
    const ledger = await published('ledger', 'critical');
    const news = await published('newsletter', 'high');
    expect((await t.call('POST', '/api/flows/ledger/activate', { version: ledger })).status).toBe(409);
    expect((await t.call('POST', '/api/flows/newsletter/activate', { version: news })).status).toBe(200);
    expect((await t.call('GET', '/api/flows/newsletter/versions')).body.versions[0].approval).toMatchObject({
      state: 'not_required',
    });
  });
});
