import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHmac } from 'node:crypto';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy } from '../support/weft.ts';
import { client } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import webhook from '../../nodes/trigger/webhook.node.ts';

const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
let weft: Weft;
let call: ReturnType<typeof client>;
const none = { authorization: '' };

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  await call('POST', '/api/connections', {
    id: 'slack-signing',
    name: 'Slack signing secret',
    baseUrl: 'https://slack.com',
    auth: { type: 'api_key', key: SLACK_SECRET },
  });
  await deploy(
    weft,
    flow(
      'slack-events',
      {
        hook: n.webhook('slack/events', {
          respond: 'immediately',
          verify: { scheme: 'slack', secret: 'slack-signing' },
        }),
      },
      [],
    ),
  );
  await deploy(
    weft,
    flow('graph-mail', { hook: n.webhook('graph/mail', { respond: 'immediately', echoQuery: 'validationToken' }) }, []),
  );
});
afterAll(() => weft.close(0));

const runs = async (flowId: string) => (await weft.store.runQueries.list({ flowId, limit: 100 })).length;

/** Slack signs its url_verification like any event (documented algorithm; @slack/bolt exposes no signer). */
function slackHeaders(body: string, secret = SLACK_SECRET) {
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return {
    ...none,
    'content-type': 'application/json',
    'x-slack-signature': `v0=${sig}`,
    'x-slack-request-timestamp': ts,
  };
}

describe('webhook handshakes', () => {
  it("answers Slack's signed url_verification with its challenge and starts no run", async () => {
    const body = JSON.stringify({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    const res = await call('POST', '/hooks/slack/events', body, slackHeaders(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
    // Not remembered as a replay: Slack may check the address again.
    expect((await call('POST', '/hooks/slack/events', body, slackHeaders(body))).status).toBe(200);
    const forged = await call('POST', '/hooks/slack/events', body, slackHeaders(body, 'another-secret'));
    expect(forged.status).toBe(401);
    expect(await runs('slack-events')).toBe(0);
    const event = JSON.stringify({ type: 'event_callback', event_id: 'Ev1', event: { type: 'app_mention' } });
    expect((await call('POST', '/hooks/slack/events', event, slackHeaders(event))).status).toBe(202);
    expect(await runs('slack-events')).toBe(1);
  });

  it("answers Microsoft Graph's validationToken as plain text and starts no run", async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 2b4f-9a1c';
    const res = await call('POST', `/hooks/graph/mail?validationToken=${encodeURIComponent(token)}`, undefined, {
      ...none,
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.body).toBe(token);
    const long = await call('POST', `/hooks/graph/mail?validationToken=${'x'.repeat(5000)}`, undefined, none);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toMatch(/validationToken query parameter must hold 1 to 4096 characters/);
    expect(await runs('graph-mail')).toBe(0);
    const note = { value: [{ subscriptionId: 's-1', changeType: 'created', resource: 'me/messages/1' }] };
    expect((await call('POST', '/hooks/graph/mail', note, none)).status).toBe(202);
    expect(await runs('graph-mail')).toBe(1);
  });

  it('refuses an echo parameter that is not a query parameter name, saying where', () => {
    const r = webhook.config.safeParse({ path: 'graph/mail', echoQuery: 'a b' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({
      path: ['echoQuery'],
      message: expect.stringMatching(/validationToken/),
    });
  });
});
