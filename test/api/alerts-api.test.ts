import { describe, expect, it } from 'vitest';
import { SecretBox, newKey } from '../../runtime/security/secret-box.ts';
import { apiPerTest } from '../support/api.ts';
import { invoiceFlow } from '../support/alerts.ts';

const SECRET = 'alert-signing-secret-0123456789';
const webhook = { kind: 'webhook', name: 'Ops', settings: { url: 'https://ops.example.com/hooks', secret: SECRET } };

describe('alert rules and channels through the API', () => {
  const t = apiPerTest();

  const channel = async () => (await t.call('POST', '/api/alerts/channels', webhook)).body.id as string;
  /** The field named by a 400's first issue, and its message. */
  const refused = async (method: string, path: string, body: unknown) => {
    const res = await t.call(method, path, body);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    const [issue] = res.body.error.details.issues as { path: string; message: string }[];
    expect(res.body.error.message).toContain(issue!.path);
    return `${issue!.path}: ${issue!.message}`;
  };

  it('refuses a bad rule with a 400 naming the field', async () => {
    const ch = await channel();
    await t.weft.flows.create(invoiceFlow('invoices'));
    const rule = (r: Record<string, unknown>) =>
      refused('POST', '/api/alerts/rules', { name: 'R', channelIds: [ch], ...r });
    expect(await rule({ kind: 'everything', condition: {} })).toMatch(/^kind: kind must be one of run_failed, /);
    expect(await rule({ kind: 'failure_rate', condition: { thresholdPercent: 20, minRuns: 3 } })).toMatch(
      /^condition\.windowMinutes: /,
    );
    expect(await rule({ kind: 'failure_rate', condition: { thresholdPercent: 120, windowMinutes: 5 } })).toMatch(
      /^condition\.thresholdPercent: Too big/,
    );
    expect(await rule({ kind: 'run_failed', condition: { flowId: 'invoices', minCriticality: 'high' } })).toBe(
      'condition.flowId: name one flow or a criticality (minCriticality), not both',
    );
    expect(await rule({ kind: 'run_failed', condition: { minCriticality: 'urgent' } })).toMatch(
      /^condition\.minCriticality: /,
    );
    expect(await rule({ kind: 'run_failed', condition: {}, repeatMinutes: 0 })).toMatch(/^repeatMinutes: /);
    expect(await rule({ kind: 'run_failed', condition: {}, channelIds: [] })).toMatch(/^channelIds: /);
    expect(await rule({ kind: 'run_failed', condition: {}, channelIds: [ch, 'chan_gone'] })).toBe(
      'channelIds.1: channel "chan_gone" does not exist',
    );
    expect(await rule({ kind: 'sla_breach', condition: { flowId: 'nope' } })).toBe(
      'condition.flowId: flow "nope" does not exist',
    );
    expect(await rule({ kind: 'circuit_open', condition: { minutes: 5, extra: 1 } })).toMatch(/^condition: /);
    expect((await t.call('GET', '/api/alerts/rules')).body.rules).toEqual([]);
  });

  it('refuses a bad channel with a 400 naming the field, and keeps secrets write-only and sealed', async () => {
    const post = (c: Record<string, unknown>) => refused('POST', '/api/alerts/channels', c);
    expect(await post({ kind: 'pager', name: 'P', settings: {} })).toMatch(/^kind: kind must be one of webhook, /);
    expect(await post({ kind: 'webhook', name: 'W', settings: { url: 'https://x.example.com' } })).toBe(
      'settings.secret: required: every webhook notification is signed with it',
    );
    expect(await post({ kind: 'webhook', name: 'W', settings: { url: 'ftp://x', secret: SECRET } })).toBe(
      'settings.url: must be an absolute http:// or https:// URL',
    );
    expect(
      await post({ kind: 'webhook', name: 'W', settings: { url: 'https://x.example.com', secret: 'short' } }),
    ).toBe('settings.secret: must be at least 16 characters');
    expect(await post({ kind: 'slack', name: 'S', settings: {} })).toBe(
      'settings.url: required: the Slack incoming webhook URL',
    );
    const smtp = { host: 'smtp.example.com', port: 587, secure: false, from: 'weft@firm.test', to: ['ops@firm.test'] };
    expect(await post({ kind: 'email', name: 'E', settings: { ...smtp, to: ['not an address'] } })).toBe(
      'settings.to.0: must be an email address',
    );
    expect(await post({ kind: 'email', name: 'E', settings: { ...smtp, auth: { user: 'weft' } } })).toBe(
      'settings.auth.pass: required with auth.user',
    );

    const created = await t.call('POST', '/api/alerts/channels', webhook);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ secretSet: true, settings: { url: 'https://ops.example.com/hooks' } });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const stored = await t.weft.store.alerts.channel(created.body.id);
    expect(stored!.secret).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain(SECRET);

    // A change that leaves the secret out keeps it; the kind stays.
    const renamed = await t.call('PUT', `/api/alerts/channels/${created.body.id}`, {
      kind: 'webhook',
      name: 'Ops team',
      settings: { url: 'https://ops.example.com/v2' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Ops team', secretSet: true });
    expect((await t.weft.alerts.admin.target(created.body.id))!.secrets).toEqual({ secret: SECRET });
    expect(
      await refused('PUT', `/api/alerts/channels/${created.body.id}`, {
        kind: 'slack',
        name: 'Ops',
        settings: { url: 'https://hooks.example.com/x' },
      }),
    ).toBe('kind: is webhook; a channel cannot change its kind (create a new one)');
  });

  it('audits every change in its write, answers 404 and 409, and keeps rules to admins', async () => {
    const ch = await channel();
    const rule = { kind: 'run_failed', name: 'Failures', channelIds: [ch], condition: { minCriticality: 'high' } };
    const created = await t.call('POST', '/api/alerts/rules', rule);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...rule, enabled: true, repeatMinutes: null, updatedBy: 'bootstrap' });
    const id = created.body.id as string;
    expect((await t.call('PUT', `/api/alerts/rules/${id}`, { ...rule, enabled: false })).body.enabled).toBe(false);
    expect((await t.call('PUT', '/api/alerts/rules/rule_gone', rule)).status).toBe(404);
    expect((await t.call('DELETE', `/api/alerts/channels/${ch}`)).status, 'a rule notifies it').toBe(409);
    expect((await t.call('DELETE', `/api/alerts/rules/${id}`)).body).toEqual({ deleted: id });
    expect((await t.call('DELETE', `/api/alerts/rules/${id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/alerts/channels/${ch}`)).status).toBe(200);

    const audit = await t.weft.audit.list({ action: 'alert.' });
    expect(audit.map((e) => [e.action, e.target]).reverse()).toEqual([
      ['alert.channel_created', ch],
      ['alert.rule_created', id],
      ['alert.rule_changed', id],
      ['alert.rule_deleted', id],
      ['alert.channel_deleted', ch],
    ]);
    expect(audit.find((e) => e.action === 'alert.rule_changed')).toMatchObject({
      before: { enabled: true },
      after: { enabled: false },
    });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect((await t.weft.audit.verify()).ok).toBe(true);

    const operator = await t.call('POST', '/api/tokens', { name: 'on call', role: 'operator' });
    const asOperator = { authorization: `Bearer ${operator.body.token}` };
    expect((await t.call('GET', '/api/alerts/rules', undefined, asOperator)).status).toBe(403);
    expect((await t.call('POST', '/api/alerts/channels', webhook, asOperator)).status).toBe(403);
    expect((await t.call('GET', '/api/alerts/incidents', undefined, asOperator)).status).toBe(200);
    expect((await t.call('GET', '/api/alerts/incidents?status=closed')).status).toBe(400);
  });

  it('a key rotation re-seals the channel secrets with the connections', async () => {
    const id = await channel();
    const next = new SecretBox(newKey());
    await t.weft.connections.reseal(next);
    const sealed = (await t.weft.store.alerts.channel(id))!.secret!;
    expect(sealed.split(':')[1]).toBe(next.keyId);
    expect(JSON.parse(next.open(sealed))).toEqual({ secret: SECRET });
    const [rotated] = await t.weft.audit.list({ action: 'secrets.rotated' });
    expect(rotated!.detail).toMatchObject({ connections: 0, alertChannels: 1 });
  });
});
