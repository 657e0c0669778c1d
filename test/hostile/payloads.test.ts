import { describe, it, expect, beforeAll } from 'vitest';
import { createApp } from '../../runtime/api/app.ts';
import { deploy, start, finished } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { hostileSuite, runCount } from './harness.ts';

const LIMIT = 1024 * 1024;
const suite = hostileSuite({ bodyLimit: LIMIT });

beforeAll(async () => {
  await deploy(
    suite.weft,
    flow('echo', { in: n.webhook('echo'), m: n.map('$'), reply: n.respond({ status: 200, body: '=$' }) }, [
      'in>m',
      'm>reply',
    ]),
  );
  await suite.weft.flows.create(flow('draft', { in: n.manual(), m: n.map('$') }, ['in>m']));
});

const hook = (body: string, headers: Record<string, string> = {}) => suite.call('POST', '/hooks/echo', body, headers);
const nested = (levels: number, leaf = '1') => '{"a":'.repeat(levels - 1) + `[${leaf}]` + '}'.repeat(levels - 1);

function expectBadNumber(res: { status: number; body: any }, path: string) {
  expect(res.status).toBe(400);
  expect(res.body.error).toMatchObject({
    code: 'bad_request',
    message: expect.stringContaining(`number at ${path}`),
    details: { path },
  });
  expect(res.body.error.message).toMatch(/send it as a string/);
}

describe('webhook bodies: numbers JSON.parse would change', () => {
  it('refuses an integer beyond 2^53 with 400 naming its path, and starts no run', async () => {
    const before = await runCount(suite.weft, 'echo');
    expectBadNumber(await hook('{"order":{"erpId":12345678901234567890,"name":"x"}}'), '$.order.erpId');
    expectBadNumber(await hook('{"id":-9007199254740993}'), '$.id');
    expect(await runCount(suite.weft, 'echo')).toBe(before);
  });

  it('names the path through arrays and odd keys', async () => {
    expectBadNumber(await hook('{"lines":[{"amount":1},{"amount":9007199254740993}]}'), '$.lines[1].amount');
    expectBadNumber(await hook('{"a \\"b\\"":[[1,2],[3,90071992547409930]]}'), '$["a \\"b\\""][1][1]');
    expectBadNumber(await hook('[1,2,{"x":[12345678901234567890]}]'), '$[2].x[0]');
  });

  it('refuses fractions and exponents that lose digits, overflow or underflow', async () => {
    expectBadNumber(await hook('{"rate":0.12345678901234567891}'), '$.rate');
    expectBadNumber(await hook('{"amount":1234567890.123456789}'), '$.amount');
    expectBadNumber(await hook('{"huge":1e400}'), '$.huge');
    expectBadNumber(await hook('{"tiny":1e-400}'), '$.tiny');
  });

  it('keeps numbers that survive exactly, and long digit runs inside strings', async () => {
    const body =
      '{"max":9007199254740991,"min":-9007199254740991,"tenth":0.1,"big":1.5e300,"padded":123.4500000000000000000,' +
      '"round":100000000000000000000.0,"ref":"12345678901234567890123","12345678901234567890":true}';
    const res = await hook(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(body));
    expect(res.body.max).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps a text body as text, digits and JSON look included, where text is accepted; refuses it (415) where only JSON is', async () => {
    await deploy(
      suite.weft,
      flow(
        'echo-text',
        { in: n.webhook('echo-text', { accept: ['text/plain'] }), reply: n.respond({ status: 200, body: '=$' }) },
        ['in>reply'],
      ),
    );
    const textHook = (body: string) => suite.call('POST', '/hooks/echo-text', body, { 'content-type': 'text/plain' });
    expect(await textHook('invoice 12345678901234567890 paid')).toMatchObject({
      status: 200,
      body: 'invoice 12345678901234567890 paid',
    });
    expect(await textHook('{"id":12345678901234567890}')).toMatchObject({
      status: 200,
      body: '{"id":12345678901234567890}',
    });
    const before = await runCount(suite.weft, 'echo');
    expect((await hook('{"id":1}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await runCount(suite.weft, 'echo')).toBe(before);
  });
});

describe('webhook bodies shaped like stored references', () => {
  it('stores and shows them as data, never as a reference to other data', async () => {
    const markers = { x: { $weftPayload: 'deadbeef', bytes: 1 }, y: { $weftRef: 'trigger' }, z: { $weftLiteral: 1 } };
    const res = await hook(JSON.stringify({ markers }));
    expect(res.status).toBe(200);
    const plan = await deploy(
      suite.weft,
      flow('markers', { in: n.manual(), x: n.map('x'), y: n.map('y'), z: n.map('z') }, ['in>x', 'in>y', 'in>z']),
    );
    const { runId } = await start(suite.weft, plan, markers);
    await finished(suite.weft, runId);
    const view = await suite.call('GET', `/api/runs/${runId}`);
    expect(view.status).toBe(200);
    const out = Object.fromEntries(
      view.body.steps.map((s: { nodeId: string; output: unknown }) => [s.nodeId, s.output]),
    );
    expect(out).toMatchObject({ x: markers.x, y: markers.y, z: markers.z });
  });
});

describe('API bodies: numbers JSON.parse would change', () => {
  it('refuses them in a test-run input', async () => {
    const res = await suite.call('POST', '/api/flows/draft/test', '{"input":{"order":{"id":12345678901234567890}}}');
    expectBadNumber(res, '$.input.order.id');
    expect(await runCount(suite.weft, 'draft')).toBe(0);
  });

  it('refuses them in the expression preview and in a flow definition', async () => {
    expectBadNumber(
      await suite.call(
        'POST',
        '/api/expressions/evaluate',
        '{"expression":"$","input":{"v":[0.30000000000000000001]}}',
      ),
      '$.input.v[0]',
    );
    const def = JSON.stringify(
      flow('numbers', { in: n.manual(), reply: n.respond({ status: 200, body: { limit: 1 } }) }, ['in>reply']),
    ).replace('"limit":1', '"limit":99999999999999999999');
    expectBadNumber(await suite.call('POST', '/api/flows', def), '$.nodes[1].config.body.limit');
    expect((await suite.weft.flows.list()).map((f) => f.id)).not.toContain('numbers');
  });
});

describe('nesting depth', () => {
  it('refuses a webhook body nested deeper than 64 levels and accepts 64', async () => {
    const deep = await hook(nested(65));
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/nests deeper than 64 levels \(at \$\.a\.a/),
      details: { maxDepth: 64 },
    });
    const ok = await hook(nested(64));
    expect(ok.status).toBe(200);
  });

  it('refuses 200,000 nested arrays at once', async () => {
    const res = await hook('['.repeat(200_000) + ']'.repeat(200_000));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nests deeper than 64 levels/);
  });

  it('refuses an API body nested too deep', async () => {
    const res = await suite.call('POST', '/api/flows/draft/test', `{"input":${nested(70)}}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/nests deeper than 64 levels \(at \$\.input\.a/);
  });

  it('accepts wide bodies with many objects at little depth', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: i, tags: [{ k: 'v' }] }));
    const res = await hook(JSON.stringify({ items }));
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5000);
  });
});

describe('body size and malformed bodies', () => {
  const big = JSON.stringify({ pad: 'x'.repeat(LIMIT + 10) });

  it('answers 413 to a webhook body over the limit, with or without Content-Length', async () => {
    const declared = await hook(big, { 'content-length': String(big.length) });
    expect(declared.status).toBe(413);
    expect(declared.body.error.code).toBe('payload_too_large');
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode('x'.repeat(LIMIT / 4)));
        c.close();
      },
    });
    const streamed = await createApp(suite.weft).request('/hooks/echo', {
      method: 'POST',
      body: chunks,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it('answers 413 to an API body over the limit', async () => {
    const res = await suite.call(
      'POST',
      '/api/flows/draft/test',
      JSON.stringify({ input: { pad: 'x'.repeat(LIMIT) } }),
    );
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers 400 to malformed JSON on webhooks and the API', async () => {
    for (const [path, body] of [
      ['/hooks/echo', '{"a": [1, 2'],
      ['/api/flows/draft/test', '{"input": {"a": tru}}'],
      ['/hooks/echo', '{"__proto__": '],
    ]) {
      const res = await suite.call('POST', path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
  });
});
