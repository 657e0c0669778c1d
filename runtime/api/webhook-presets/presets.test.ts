import { describe, it, expect } from 'vitest';
import { createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import webhook, { SCHEMES } from '../../../nodes/trigger/webhook.node.ts';
import { VERIFY_DEFAULTS, verifyWebhook, type WebhookVerify } from '../webhook-verify.ts';
import { hubspotUri } from './hubspot-v3.ts';
import { describeNodeType } from '../../engine/catalogue.ts';
import { PRESET_NAMES, PRESETS } from './index.ts';

const NOW = Date.UTC(2026, 11, 4, 8, 0, 0);
const body = Buffer.from('{"id":"evt_1","type":"invoice.paid"}');
const req = (headers: Record<string, string>, raw = body) => ({
  method: 'POST',
  url: 'https://weft.example.com/hooks/x',
  headers,
  raw,
});
const verify = (scheme: WebhookVerify['scheme']): WebhookVerify => ({ ...VERIFY_DEFAULTS, scheme, secret: 'conn' });

describe('webhook signature presets', () => {
  it('the trigger offers every preset and the two own schemes; a verify without a scheme is standard-webhooks', () => {
    expect([...SCHEMES].sort()).toEqual([...PRESET_NAMES, 'hmac-sha256', 'secret-header'].sort());
    const config = webhook.config.parse({ path: 'in', verify: { secret: 'conn' } });
    expect(config.verify?.scheme).toBe('standard-webhooks');
    expect(VERIFY_DEFAULTS.scheme).toBe('standard-webhooks');
    // Definitions saved before the presets keep their scheme.
    expect(webhook.config.parse({ path: 'in', verify: { scheme: 'hmac-sha256', secret: 'c' } }).verify?.scheme).toBe(
      'hmac-sha256',
    );
  });

  it("the designer's form lists each preset by name, with the headers it uses, standard-webhooks as the default", () => {
    const props = describeNodeType(webhook).configSchema.properties as Record<string, Record<string, any>>;
    const scheme = props.verify!.properties.scheme;
    expect(scheme.enum).toEqual([...SCHEMES]);
    expect(scheme.default).toBe('standard-webhooks');
    for (const [name, preset] of Object.entries(PRESETS)) {
      expect(scheme.description).toContain(`"${name}"`);
      for (const header of preset.headers) expect(scheme.description, name).toContain(header);
    }
  });

  it('standard-webhooks: any of several space-separated signatures, under the current or the previous secret', () => {
    const current = `whsec_${randomBytes(24).toString('base64')}`;
    const previous = `whsec_${randomBytes(24).toString('base64')}`;
    const at = new Date(NOW);
    const ts = String(NOW / 1000);
    const signed = (secret: string) => new Webhook(secret).sign('msg_1', at, body);
    const headers = (signature: string) => ({
      'webhook-id': 'msg_1',
      'webhook-timestamp': ts,
      'webhook-signature': signature,
    });
    const both = `${signed(previous)} ${signed(current)}`;
    const a = verifyWebhook(verify('standard-webhooks'), [current], req(headers(both)), NOW);
    expect(a.eventId).toBe('msg_1');
    // Accepted under the previous secret, it is remembered as the same request as under the current one.
    const b = verifyWebhook(verify('standard-webhooks'), [current, previous], req(headers(signed(previous))), NOW);
    expect(b.replay).toEqual(a.replay);
    expect(a.replay?.expiresAt).toBe(NOW + 300_000);
    expect(() => verifyWebhook(verify('standard-webhooks'), [current], req(headers(signed(previous))), NOW)).toThrow(
      /webhook-signature signature does not match/,
    );
    expect(() =>
      verifyWebhook(verify('standard-webhooks'), ['not base64!'], req(headers(signed(current))), NOW),
    ).toThrow(/does not hold a Standard Webhooks secret/);
    // Svix sends the same scheme under its own header names.
    const svix = { 'svix-id': 'msg_1', 'svix-timestamp': ts, 'svix-signature': signed(current) };
    expect(verifyWebhook(verify('standard-webhooks'), [current], req(svix), NOW).eventId).toBe('msg_1');
  });

  it('stripe: any v1 of the header counts, v0 never does; a body that is not JSON has no event id', () => {
    const secret = 'whsec_test';
    const t = NOW / 1000;
    const raw = Buffer.from('not json');
    const sig = createHmac('sha256', secret).update(`${t}.not json`).digest('hex');
    const header = { 'stripe-signature': `t=${t},v1=${'0'.repeat(64)},v1=${sig}` };
    expect(verifyWebhook(verify('stripe'), [secret], req(header, raw), NOW).eventId).toBeNull();
    expect(() =>
      verifyWebhook(verify('stripe'), [secret], req({ 'stripe-signature': `t=${t},v0=${sig}` }, raw), NOW),
    ).toThrow(/holds no "v1=" signature/);
    expect(() => verifyWebhook(verify('stripe'), [secret], req({ 'stripe-signature': `v1=${sig}` }, raw), NOW)).toThrow(
      /holds no "t=" timestamp/,
    );
  });

  it('hubspot-v3: the URI is decoded as HubSpot does before signing; the time is in milliseconds', () => {
    expect(hubspotUri('https://w.example.com/hooks/a%3Ab?x=%40me%2C%20y')).toBe(
      'https://w.example.com/hooks/a:b?x=@me,%20y',
    );
    const headers = { 'x-hubspot-signature-v3': 'x', 'x-hubspot-request-timestamp': String(NOW / 1000) };
    expect(() => verifyWebhook(verify('hubspot-v3'), ['s'], req(headers), NOW)).toThrow(/refused as a possible replay/);
  });

  it('docusign-connect: a signature under any of the Connect keys, each in its own header', () => {
    const sig = createHmac('sha256', 'key-2').update(body).digest('base64');
    const headers = { 'x-docusign-signature-1': 'bm90IGl0', 'x-docusign-signature-2': sig };
    expect(verifyWebhook(verify('docusign-connect'), ['key-2'], req(headers), NOW)).toEqual({
      replay: null,
      eventId: null,
    });
    expect(() => verifyWebhook(verify('docusign-connect'), ['key-1'], req(headers), NOW)).toThrow(/does not match/);
  });
});
