import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import { testWeft, deploy, start, finished } from '../support/weft.ts';
import { client, type ApiResponse } from '../support/api.ts';
import type { HttpStub } from '../support/http-stub.ts';
import { flow, n } from '../support/flows.ts';
import {
  answerValidator,
  badBodies,
  badQueries,
  deepJson,
  HUGE,
  sample,
  type Doc,
  type Operation,
} from './openapi-inputs.ts';
import { PASSWORD, validCalls, type Req, type Seed } from './openapi-valid-calls.ts';

/**
 * Every operation of the OpenAPI document is called — with valid inputs on a seeded database, with
 * broken inputs, and as nobody — and every answer must have a status the operation documents and a
 * body that validates against the schema documented for that status.
 */
const BODY_LIMIT = 256 * 1024;
let weft: Weft;
let call: ReturnType<typeof client>;
let doc: Doc;
let validateAnswer: ReturnType<typeof answerValidator>;
const problems: string[] = [];
const succeeded = new Set<string>();
const statuses = new Set<number>();
let calls = 0;
/** Serves the OpenAPI document a connection's document is fetched from. */
let specHost: HttpStub | undefined;
afterAll(() => specHost?.close());
const ops: { key: string; method: string; path: string; op: Operation }[] = [];

const seed: Seed = {
  failed: [],
  waiting: [],
  userId: '',
  tokenId: '',
  connectionId: '',
  analyst: '',
  alertChannelId: '',
  alertRuleId: '',
  loopRun: '',
  testRunId: '',
};

async function session(): Promise<Record<string, string>> {
  const s = await weft.identity.signIn('owner@example.com', PASSWORD);
  return { authorization: '', cookie: `weft_session=${s.cookie}`, 'x-csrf-token': s.csrf };
}

const flowDef = (id: string) =>
  flow(
    id,
    {
      in: n.manual(),
      gate: n.if('fail = true'),
      boom: n.fail('asked to fail'),
      ask: { type: 'control.approval', config: { prompt: 'Go on?' } },
      done: n.map('$'),
    },
    ['in>gate', 'gate:true>boom', 'gate:false>ask', 'ask:approved>done', 'ask:rejected>done'],
  );

const VALID = validCalls({ weft: () => weft, seed, session, flowDef, serveSpec: (stub) => (specHost = stub) });

function urlOf(op: Operation, path: string, params: Record<string, string> = {}, query: Record<string, string> = {}) {
  const p = path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(params[k] ?? 'missing'));
  const q = new URLSearchParams(query).toString();
  const server = op.servers?.[0]?.url.replace(/\/$/, '') ?? '/api';
  return `${server}${p}${q ? `?${q}` : ''}`;
}

/** Whether the answer is one the operation documents, with a body its schema accepts. */
function check(key: string, op: Operation, res: ApiResponse, what: string): void {
  const answer = op.responses[String(res.status)];
  const documented = answer?.$ref ? doc.components.responses[answer.$ref.split('/').pop()!]! : answer;
  const said = `${key} (${what}) answered ${res.status} ${JSON.stringify(res.body)?.slice(0, 200)}`;
  if (!documented) return void problems.push(`${said}: status not documented`);
  const type = res.headers.get('content-type') ?? '';
  if (!documented.content) {
    if (res.body !== null) problems.push(`${said}: documented without a body`);
    return;
  }
  const media = type.startsWith('text/csv') ? 'text/csv' : 'application/json';
  const content = documented.content[media];
  if (!content) return void problems.push(`${said}: ${media} not documented`);
  if (media !== 'application/json') return;
  const error = validateAnswer(content.schema, res.body);
  if (error) problems.push(`${said}: body does not match the schema: ${error}`);
}

async function send(
  o: (typeof ops)[number],
  r: Req,
  what: string,
  raw?: { text: string; type: string },
): Promise<ApiResponse> {
  const url = urlOf(o.op, o.path, r.params, r.query);
  const headers = { ...(raw ? { 'content-type': raw.type } : {}), ...r.headers };
  const res = await call(o.method, url, raw ? raw.text : r.body, headers);
  calls++;
  statuses.add(res.status);
  check(o.key, o.op, res, what);
  return res;
}

const validReqs = new Map<string, Req>();

beforeAll(async () => {
  weft = await testWeft({ config: { bodyLimit: BODY_LIMIT } });
  call = client(weft);
  doc = (await call('GET', '/api/openapi.json', undefined, { authorization: '' })).body;
  validateAnswer = answerValidator(doc);
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item))
      ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op });

  const plan = await deploy(weft, flowDef('orders'));
  for (let i = 0; i < 4; i++) seed.failed.push((await start(weft, plan, { fail: true, i })).runId);
  for (let i = 0; i < 3; i++) seed.waiting.push((await start(weft, plan, { fail: false, i })).runId);
  for (const id of [...seed.failed, ...seed.waiting]) await finished(weft, id);
  const loops = flow(
    'loops',
    {
      in: n.manual(),
      loop: { type: 'control.loop', config: { items: '=$', onItemFailure: 'continue' } },
      check: n.if('item'),
      refuse: n.fail('item refused'),
    },
    ['in>loop', 'check:false>refuse'],
  );
  for (const node of loops.nodes) if (node.id === 'check' || node.id === 'refuse') node.parentId = 'loop';
  seed.loopRun = (await start(weft, await deploy(weft, loops), [true, false])).runId;
  await finished(weft, seed.loopRun);
  // An active polling trigger, its first poll due on the 1st of January: its cursor is read and reset.
  await deploy(
    weft,
    flow(
      'polled',
      {
        in: {
          type: 'trigger.poll',
          config: { connection: 'nowhere', request: { path: '/changes' }, cron: '0 0 1 1 *' },
        },
        out: n.map('$'),
      },
      ['in>out'],
    ),
  );
  // A draft with a problem (no trigger): publishing it is refused with 422.
  await weft.flows.create(flow('broken', { only: n.map('$') }, []));
  seed.analyst = `Bearer ${(await weft.identity.createToken('analyst', 'analyst', null, null)).token}`;
}, 60_000);
afterAll(() => weft.close(100));

describe('the API answers as its OpenAPI document says', () => {
  it('checks bodies against the documented schemas', () => {
    expect(validateAnswer({ $ref: '#/components/schemas/Run' }, { id: 'run_1' })).toMatch(
      /must have required property/,
    );
    expect(
      validateAnswer({ $ref: '#/components/schemas/Session' }, { principal: null, csrfToken: null, setupNeeded: true }),
    ).toBeNull();
  });

  it('documents each operation once, with a unique camelCase operationId', () => {
    const idsSeen = ops.map((o) => o.op.operationId);
    expect(idsSeen.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id))).toEqual([]);
    expect(idsSeen.length).toBe(new Set(idsSeen).size);
    expect(VALID.map(([id]) => id).sort()).toEqual([...idsSeen].sort());
    const undescribed = ops.flatMap((o) =>
      Object.entries(o.op.responses).flatMap(([status, r]) =>
        Object.entries(r.content ?? {})
          .filter(([, c]) => Object.keys(c.schema).length === 0)
          .map(([type]) => `${o.key} ${status} ${type}`),
      ),
    );
    expect(undescribed).toEqual([]);
  });

  it('valid calls on a seeded database succeed with documented answers', async () => {
    for (const [operationId, build] of VALID) {
      const o = ops.find((x) => x.op.operationId === operationId)!;
      const built = await build();
      for (const r of Array.isArray(built) ? built : [built]) {
        const res = await send(o, r, 'valid');
        if (res.status >= 200 && res.status < 300) succeeded.add(operationId);
        else problems.push(`${o.key} (valid) answered ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`);
        if (operationId === 'createUser') seed.userId = res.body?.id;
        if (operationId === 'testFlow') seed.testRunId = res.body?.id;
        if (operationId === 'createToken') seed.tokenId = res.body?.id;
        if (operationId === 'createConnection') seed.connectionId = res.body?.id;
        if (operationId === 'createAlertChannel') seed.alertChannelId = res.body?.id;
        if (operationId === 'createAlertRule') seed.alertRuleId = res.body?.id;
        if (!validReqs.has(operationId)) validReqs.set(operationId, r);
      }
    }
    expect(problems).toEqual([]);
    expect([...succeeded].sort()).toEqual(VALID.map(([id]) => id).sort());
  }, 120_000);

  it('broken inputs get documented answers', async () => {
    problems.length = 0;
    for (const o of ops) {
      const valid = validReqs.get(o.op.operationId) ?? {};
      for (const p of o.op.parameters ?? []) {
        if (p.in !== 'path') continue;
        for (const v of ['no-such-thing', HUGE.slice(0, 500), '0', '%00'])
          await send(o, { ...valid, params: { ...valid.params, [p.name]: v } }, `${p.name}=${v.slice(0, 20)}`);
      }
      for (const { what, query } of badQueries(doc, o.op))
        await send(o, { ...valid, query: { ...valid.query, ...query } }, what);
      if (o.method === 'GET') continue;
      const schema = o.op.requestBody?.content['application/json']?.schema;
      const body = valid.body ?? (schema ? sample(doc, schema) : {});
      if (schema)
        for (const { what, body: b } of badBodies(doc, schema, body)) await send(o, { ...valid, body: b }, what);
      await send(o, valid, 'text that is not JSON', { text: 'hello', type: 'text/plain' });
      await send(o, valid, 'malformed JSON', { text: '{"a": ', type: 'application/json' });
      await send(o, valid, 'JSON nested too deep', { text: deepJson, type: 'application/json' });
      await send(o, valid, 'a body over the limit', {
        text: JSON.stringify({ big: 'x'.repeat(BODY_LIMIT) }),
        type: 'application/json',
      });
    }
    const publish = ops.find((o) => o.op.operationId === 'publishFlow')!;
    expect((await send(publish, { params: { id: 'broken' } }, 'a draft with problems')).status).toBe(422);
    expect(problems).toEqual([]);
  }, 300_000);

  it('nobody gets 401 on every route that needs a sign-in, and a documented answer everywhere', async () => {
    problems.length = 0;
    for (const o of ops) {
      const valid = validReqs.get(o.op.operationId) ?? {};
      const res = await send(o, { ...valid, headers: { authorization: '' } }, 'as nobody');
      if (o.op['x-weft-access'] !== 'public' && res.status !== 401)
        problems.push(`${o.key} as nobody: ${res.status}, not 401`);
    }
    expect(problems).toEqual([]);
  });

  it('an analyst gets 403 on every route that needs more, and a documented answer everywhere', async () => {
    problems.length = 0;
    for (const o of ops) {
      const valid = validReqs.get(o.op.operationId) ?? {};
      const res = await send(o, { ...valid, headers: { authorization: seed.analyst } }, 'as an analyst');
      const needsMore = ['operator', 'admin'].includes(o.op['x-weft-access']);
      if (needsMore && res.status !== 403) problems.push(`${o.key} as an analyst: ${res.status}, not 403`);
    }
    expect(problems).toEqual([]);
    // Every kind of answer was seen along the way.
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining([200, 201, 202, 204, 400, 401, 403, 404, 409, 413, 415, 422]),
    );
    expect(calls).toBeGreaterThan(600);
  });
});
