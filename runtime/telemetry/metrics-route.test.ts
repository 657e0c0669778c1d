import { describe, it, expect, afterEach } from 'vitest';
import type { Weft } from '../weft.ts';
import { defaultConfig } from '../config.ts';
import { flow, n } from '../../test/support/flows.ts';
import { client } from '../../test/support/api.ts';
import { eventually } from '../../test/support/poll.ts';
import { testWeft, deploy, start } from '../../test/support/weft.ts';
import { parsePrometheusText, seriesValue } from '../../test/support/prometheus-text.ts';

/** Who may read GET /metrics, what it answers when metrics are off, and two runtimes in one process. */
const SCRAPE = 'scrape-token-for-the-tests-0123456789';
const NOBODY = { authorization: '' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const wefts: Weft[] = [];
afterEach(async () => {
  await Promise.all(wefts.splice(0).map((w) => w.close(100)));
});

async function runtime(config: Parameters<typeof testWeft>[0] = {}): Promise<Weft> {
  const w = await testWeft(config);
  wefts.push(w);
  return w;
}

async function signedIn(weft: Weft, role: 'analyst' | 'operator') {
  const email = `${role}@metrics.test`;
  await weft.identity.createUser({ email, role, password: 'correct horse battery' });
  const s = await weft.identity.signIn(email, 'correct horse battery');
  return { authorization: '', cookie: `weft_session=${s.cookie}` };
}

describe('GET /metrics: who may read it', () => {
  it('answers 401 without credentials or with a wrong token, 200 with the scrape token, an operator or an admin', async () => {
    const weft = await runtime({ config: { metricsToken: SCRAPE } });
    const call = client(weft);
    const none = await call('GET', '/metrics', undefined, NOBODY);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="weft"');
    expect(none.body.error.code).toBe('unauthenticated');
    for (const wrong of [`${SCRAPE}x`, SCRAPE.slice(0, -1), 'weft_not-a-real-token'])
      expect((await call('GET', '/metrics', undefined, bearer(wrong))).status).toBe(401);

    const scraped = await call('GET', '/metrics', undefined, bearer(SCRAPE));
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(scraped.body as string);
    expect(families.get('weft_runs_total')?.type).toBe('counter');
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');

    // The bootstrap admin token (the client's default), an operator's session, an operator's token.
    expect((await call('GET', '/metrics')).status).toBe(200);
    expect((await call('GET', '/metrics', undefined, await signedIn(weft, 'operator'))).status).toBe(200);
    const { token } = await weft.identity.createToken('scraper', 'operator', null, null);
    expect((await call('GET', '/metrics', undefined, bearer(token))).status).toBe(200);
  });

  it('answers 403 to an analyst, and records refusals in the audit log as the API does', async () => {
    const weft = await runtime({ config: { metricsToken: SCRAPE } });
    const call = client(weft);
    const { token } = await weft.identity.createToken('reader', 'analyst', null, null);
    const byToken = await call('GET', '/metrics', undefined, bearer(token));
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.message).toBe(
      'reading metrics needs the operator role or the scrape token (WEFT_METRICS_TOKEN); this token is analyst',
    );
    expect((await call('GET', '/metrics', undefined, await signedIn(weft, 'analyst'))).status).toBe(403);
    await call('GET', '/metrics', undefined, NOBODY);
    const entries = await weft.audit.list({ action: 'auth.denied' });
    expect(entries.map((e) => [e.target, (e.detail as { status: number }).status]).sort()).toEqual([
      ['GET /metrics', 401],
      ['GET /metrics', 403],
      ['GET /metrics', 403],
    ]);
  });

  it('takes no scrape token when none is set', async () => {
    const weft = await runtime();
    expect(weft.config.metricsToken).toBeNull();
    expect((await client(weft)('GET', '/metrics', undefined, bearer(SCRAPE))).status).toBe(401);
  });
});

describe('GET /metrics: turned off, and two runtimes in one process', () => {
  it('WEFT_METRICS=off keeps no metrics and answers 404 to an operator (401 still without credentials)', async () => {
    const weft = await runtime({ config: { metrics: false, metricsToken: SCRAPE } });
    expect(weft.metrics).toBeNull();
    expect(weft.store.commits.observe).toBeUndefined();
    const call = client(weft);
    expect((await call('GET', '/metrics', undefined, NOBODY)).status).toBe(401);
    const off = await call('GET', '/metrics', undefined, bearer(SCRAPE));
    expect(off.status).toBe(404);
    expect(off.body.error.message).toMatch(/WEFT_METRICS=off/);
    // The runtime works as before.
    const plan = await deploy(weft, flow('plain', { in: n.manual(), shape: n.map('{ "x": 1 }') }, ['in>shape']));
    const { runId } = await start(weft, plan, {});
    expect((await weft.engine.waitFor(runId, 5000, 'finish'))?.status).toBe('succeeded');
  });

  it('keeps each runtime’s figures apart', async () => {
    const [a, b] = [await runtime({ config: { metricsToken: SCRAPE } }), await runtime()];
    const plan = await deploy(a, flow('only-in-a', { in: n.manual(), shape: n.map('{ "x": 1 }') }, ['in>shape']));
    await start(a, plan, {});
    const scrape = async (w: Weft) => {
      const res = await client(w)('GET', '/metrics');
      return parsePrometheusText(res.body as string);
    };
    await eventually(
      async () => seriesValue(await scrape(a), 'weft_runs_total', { flow: 'only-in-a', status: 'succeeded' }) === 1,
      'the run counted in a',
    );
    const inB = await scrape(b);
    expect(inB.get('weft_runs_total')?.samples).toEqual([]);
    expect(seriesValue(inB, 'weft_step_duration_seconds_count', { kind: 'map.jsonata' })).toBe(0);
  });
});

describe('metrics settings', () => {
  it('WEFT_METRICS is on or off, WEFT_METRICS_TOKEN at least 16 characters without spaces', () => {
    expect(defaultConfig({})).toMatchObject({ metrics: true, metricsToken: null });
    expect(defaultConfig({ WEFT_METRICS: 'OFF', WEFT_METRICS_TOKEN: ` ${SCRAPE} ` })).toMatchObject({
      metrics: false,
      metricsToken: SCRAPE,
    });
    expect(() => defaultConfig({ WEFT_METRICS: 'maybe' })).toThrow('WEFT_METRICS must be on or off, got "maybe"');
    expect(() => defaultConfig({ WEFT_METRICS_TOKEN: 'short' })).toThrow(/WEFT_METRICS_TOKEN must be at least 16/);
    expect(() => defaultConfig({ WEFT_METRICS_TOKEN: 'a token with spaces in it' })).toThrow(/without spaces/);
  });
});
