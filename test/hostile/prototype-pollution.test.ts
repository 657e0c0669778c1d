import { describe, it, expect, beforeAll } from 'vitest';
import { deploy, start, stepRows } from '../support/weft.ts';
import { until } from '../support/poll.ts';
import { flow, n } from '../support/flows.ts';
import { mergePatch } from '../../runtime/runs/merge-patch.ts';
import { createApp } from '../../runtime/api/app.ts';
import { hostileSuite, finishedSteps, expectCleanPrototypes } from './harness.ts';

const suite = hostileSuite();

const POISON = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}';
/** "__proto__" and "constructor.prototype" at the top, inside an object and inside an array. */
const HOSTILE =
  `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},` +
  `"order":{"id":"O-1","__proto__":{"polluted":true},"lines":[{"sku":"A","constructor":{"prototype":{"polluted":true}},"__proto__":{"isAdmin":true}}]}}`;

/** Own enumerable keys, "__proto__" included (JSON.parse makes it an own property). */
const keys = (v: unknown) => Object.keys(v as object);
const output = (step: { output: string | null }) => JSON.parse(step.output ?? 'null');

async function publish(definitionText: string, id: string) {
  expect((await suite.call('POST', '/api/flows', definitionText)).status).toBe(201);
  const { body } = await suite.call('POST', `/api/flows/${id}/publish`);
  expect((await suite.call('POST', `/api/flows/${id}/activate`, { version: body.version })).status).toBe(200);
}

beforeAll(async () => {
  await deploy(
    suite.weft,
    flow(
      'through',
      {
        in: n.webhook('through'),
        merged: n.map("$merge([$, { 'seen': true }])"),
        code: {
          type: 'code.js',
          config: {
            code: 'return { spread: { ...input }, json: JSON.parse(JSON.stringify(input)), keys: Object.keys(input) }',
          },
        },
        reply: n.respond({ status: 200, body: '=$' }),
      },
      ['in>merged', 'merged>code', 'code>reply'],
    ),
  );
});

describe('payload keys "__proto__" and "constructor" stay plain data', () => {
  it('passes a webhook body through JSONata and code.js and echoes it as data', async () => {
    const res = await suite.call('POST', '/hooks/through', HOSTILE);
    expect(res.status).toBe(200);
    const withSeen = JSON.stringify({ ...JSON.parse(HOSTILE), seen: true });
    expect(JSON.stringify(res.body.spread)).toBe(withSeen);
    expect(JSON.stringify(res.body.json)).toBe(withSeen);
    expect(res.body.keys).toEqual(['__proto__', 'constructor', 'order', 'seen']);
    expect(keys(res.body.spread.order.lines[0])).toEqual(['sku', 'constructor', '__proto__']);
  });

  it('stores the trigger body as received, with the keys', async () => {
    const res = await suite.call('POST', '/hooks/through', HOSTILE);
    const runId = res.headers.get('weft-run-id')!;
    const view = (await suite.call('GET', `/api/runs/${runId}`)).body;
    expect(JSON.stringify(view.trigger.body)).toBe(HOSTILE);
    expect(keys(view.steps.find((s: { nodeId: string }) => s.nodeId === 'merged').output)).toEqual([
      '__proto__',
      'constructor',
      'order',
      'seen',
    ]);
  });

  it('builds objects with those keys in JSONata as data ($merge, $sift, $spread, object constructors)', async () => {
    const plan = await deploy(
      suite.weft,
      flow(
        'jsonata-keys',
        {
          in: n.manual(),
          m: n.map(
            "{ '__proto__': { 'polluted': true }, 'constructor': { 'prototype': { 'polluted': true } }, 'merged': $merge([$, { '__proto__': { 'x': 1 } }]), 'sifted': $sift($, function($v) { true }), 'spread': $spread($), 'lookup': $lookup($, '__proto__') }",
          ),
        },
        ['in>m'],
      ),
    );
    const { runId } = await start(suite.weft, plan, JSON.parse(POISON));
    const { steps } = await finishedSteps(suite.weft, runId);
    const out = output(steps.m);
    expect(keys(out)).toEqual(['__proto__', 'constructor', 'merged', 'sifted', 'spread', 'lookup']);
    expect(out.merged).toEqual(JSON.parse('{"__proto__":{"x":1},"constructor":{"prototype":{"polluted":true}}}'));
    expect(keys(out.sifted)).toEqual(['__proto__', 'constructor']);
    expect(out.lookup).toEqual({ polluted: true });
  });

  it('keeps them as data in code.js results', async () => {
    const code = `return { parsed: JSON.parse(${JSON.stringify(POISON)}), built: { ['__proto__']: { polluted: true }, nested: { ['constructor']: { prototype: { polluted: true } } } } }`;
    const plan = await deploy(
      suite.weft,
      flow('code-keys', { in: n.manual(), code: { type: 'code.js', config: { code } } }, ['in>code']),
    );
    const { runId } = await start(suite.weft, plan, {});
    const { steps } = await finishedSteps(suite.weft, runId);
    const out = output(steps.code);
    expect(JSON.stringify(out.parsed)).toBe(POISON);
    expect(keys(out.built)).toEqual(['__proto__', 'nested']);
  });

  it('fills "=" expressions below those keys in a node config without touching prototypes', async () => {
    const reply = {
      status: 200,
      body: JSON.parse(
        '{"__proto__":{"polluted":"=true"},"constructor":{"prototype":{"polluted":"=order.id"}},"plain":"=order.id"}',
      ),
    };
    const def = flow('config-keys', { in: n.webhook('config-keys'), reply: n.respond(reply) }, ['in>reply']);
    await publish(JSON.stringify(def), 'config-keys');
    const res = await suite.call('POST', '/hooks/config-keys', HOSTILE);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toBe(
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":"O-1"}},"plain":"O-1"}',
    );
    const stored = (await suite.call('GET', '/api/flows/config-keys')).body;
    expect(keys(stored.definition.nodes[1].config.body)).toEqual(['__proto__', 'constructor', 'plain']);
  });

  it('applies a JSON Merge Patch with those keys as data when a failed run is retried', async () => {
    const plan = await deploy(
      suite.weft,
      flow(
        'patched',
        {
          in: n.manual(),
          check: { type: 'code.js', config: { code: 'if (!input.ok) throw new Error("not ok"); return input' } },
        },
        ['in>check'],
      ),
    );
    const { runId } = await start(suite.weft, plan, { order: { id: 'O-1' } });
    expect((await finishedSteps(suite.weft, runId)).run.status).toBe('failed');
    const patch = `{"patch":{"ok":true,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"order":{"__proto__":{"polluted":true}}}}`;
    expect((await suite.call('POST', `/api/runs/${runId}/retry`, patch)).status).toBe(202);
    await until(
      async () => (await suite.weft.store.runs.run(runId))?.status === 'succeeded',
      'the retried run to succeed',
    );
    const out = output((await stepRows(suite.weft, runId)).check);
    expect(keys(out)).toEqual(['order', 'ok', '__proto__', 'constructor']);
    expect(keys(out.order)).toEqual(['id', '__proto__']);
  });

  it('merges patches key by key without reading inherited properties', () => {
    const out = mergePatch(
      JSON.parse('{"a":{"b":1}}'),
      JSON.parse(
        `{"a":{"c":2},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":{"x":1}}`,
      ),
    );
    expect(JSON.stringify(out)).toBe(
      '{"a":{"b":1,"c":2},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"toString":{"x":1}}',
    );
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expectCleanPrototypes();
  });

  it('echoes them in the expression preview', async () => {
    const res = await suite.call(
      'POST',
      '/api/expressions/evaluate',
      `{"expression":"$merge([$, {'ok': true}])","input":${HOSTILE}}`,
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.result)).toBe(JSON.stringify({ ...JSON.parse(HOSTILE), ok: true }));
  });

  it('keeps query parameters and headers named "__proto__" as data', async () => {
    const def = flow(
      'query-keys',
      {
        in: n.webhook('query-keys'),
        reply: n.respond({
          status: 200,
          body: "={ 'query': $trigger.query, 'header': $lookup($trigger.headers, '__proto__') }",
        }),
      },
      ['in>reply'],
    );
    await deploy(suite.weft, def);
    // A header record with the key "__proto__" loses it in the Request constructor; name/value pairs keep it.
    const answer = await createApp(suite.weft).request(
      '/hooks/query-keys?__proto__=x&__proto__[polluted]=1&constructor[prototype][polluted]=1',
      {
        method: 'POST',
        body: '{}',
        headers: [
          ['content-type', 'application/json'],
          ['__proto__', 'h'],
        ],
      },
    );
    expect(answer.status).toBe(200);
    const res = { body: JSON.parse(await answer.text()) };
    expect(res.body.query).toEqual(
      JSON.parse('{"__proto__":"x","__proto__[polluted]":"1","constructor[prototype][polluted]":"1"}'),
    );
    expect(res.body.header).toBe('h');
  });
});
