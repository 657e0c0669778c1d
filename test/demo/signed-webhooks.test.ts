import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoStack, runsOf, settled, type DemoStack } from './stack.ts';
import { standardWebhookSigned } from '../support/standard-webhooks.ts';
import { testWeft } from '../support/weft.ts';
import {
  newStandardWebhooksSecret,
  SAMPLE_WEBHOOKS_CONNECTION,
  sampleWebhooksSecret,
} from '../../runtime/flows/example-webhook-secret.ts';

const CRM = '/crm/services/data/v59.0/sobjects';
const dir = fileURLToPath(new URL('../../flows', import.meta.url));
const hooks = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
  .flatMap((def) =>
    (def.nodes as { type: string; config: Record<string, any> }[])
      .filter((n) => n.type === 'trigger.webhook')
      .map((n) => ({ flowId: def.id as string, path: n.config.path as string, verify: n.config.verify })),
  );

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${s.server.url}/hooks/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe("the example flows' webhooks accept only the sample systems' Standard Webhooks signatures", () => {
  it('every example webhook trigger verifies with standard-webhooks against the sample systems’ connection', () => {
    expect(hooks.map((h) => h.flowId)).toEqual([
      'contract-executed',
      'invoice-posted',
      'milestone-accepted',
      'opportunity-won',
      'period-close',
      'time-approved',
    ]);
    for (const h of hooks)
      expect(h.verify, h.flowId).toEqual({ scheme: 'standard-webhooks', secret: SAMPLE_WEBHOOKS_CONNECTION });
  });

  it.each(hooks)('an unsigned post to $path is refused with 401 and starts no run', async ({ flowId, path }) => {
    const eventId = `evt-unsigned-${flowId}`;
    const res = await post(path, JSON.stringify({ eventId }), { 'idempotency-key': eventId });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringContaining('webhook-') } });
    expect(await runsOf(s.weft, flowId)).toEqual([]);
  });

  it('a post signed with another secret, or whose body was changed after signing, is refused and starts no run', async () => {
    const body = JSON.stringify({ eventId: 'evt-forged' });
    const forged = await post('crm/opportunity-won', body, standardWebhookSigned(newStandardWebhooksSecret(), body));
    expect(forged.status).toBe(401);
    const headers = standardWebhookSigned(s.secret, body);
    const changed = await post('crm/opportunity-won', JSON.stringify({ eventId: 'evt-changed' }), headers);
    expect(changed.status).toBe(401);
    expect(await runsOf(s.weft, 'opportunity-won')).toEqual([]);
  });

  it("the CRM's own event arrives signed and its run succeeds", async () => {
    await s.sys('PATCH', `${CRM}/Opportunity/OPP-2001`, { StageName: 'Closed Won' });
    const [run] = await settled(s, 'opportunity-won', 1);
    expect(run.status, JSON.stringify(run.error)).toBe('succeeded');
    await s.systems.idle();
    expect(s.systems.state.crm.emitter.deliveries).toEqual([
      expect.objectContaining({ path: 'crm/opportunity-won', status: 202, attempts: 1 }),
    ]);
  });

  it('the secret is a "whsec_" secret held, sealed, by the connection, and the same one on every later start', async () => {
    expect(s.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(await s.weft.connections.get(SAMPLE_WEBHOOKS_CONNECTION)).toMatchObject({
      auth: { type: 'api_key', secretSet: true },
    });
    const row = await s.weft.store.connections.get(SAMPLE_WEBHOOKS_CONNECTION);
    expect(row?.secret).not.toContain(s.secret.slice('whsec_'.length));
    expect(await sampleWebhooksSecret(s.weft, s.systems.url)).toBe(s.secret);
  });
});

describe('the sample systems’ webhook secret across restarts', () => {
  it('is made once in a data folder and read back by the next runtime on it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'weft-sample-secret-'));
    try {
      const first = await testWeft({ config: { dataDir } });
      const secret = await sampleWebhooksSecret(first, 'http://127.0.0.1:4100');
      await first.close();
      const second = await testWeft({ config: { dataDir } });
      try {
        expect(await sampleWebhooksSecret(second, 'http://127.0.0.1:4100')).toBe(secret);
        expect((await second.connections.list()).map((c) => c.id)).toEqual([SAMPLE_WEBHOOKS_CONNECTION]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
