import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import {
  startRuntime,
  killHard,
  freePort,
  api,
  type RuntimeProcess,
  activateFlow,
} from '../support/runtime-process.ts';
import { eventually } from '../support/poll.ts';
import { ADMIN_AUTH } from '../support/auth.ts';
import { flow, n } from '../support/flows.ts';

const EXPRESSION_TIMEOUT_MS = 4000;
const LOOP = '($f := function($n){ $f($n + 1) }; $f(0))';
const MB = 1024 * 1024;

let rt: RuntimeProcess;
let dir: string;

const immediately = (path: string) => n.webhook(path, { respond: 'immediately' });
const flows = [
  flow('loop', { in: immediately('loop'), m: n.map(LOOP) }, ['in>m']),
  flow('regex', { in: immediately('regex'), m: n.map('$match(s, /(a+)+$/)') }, ['in>m']),
  flow(
    'spin',
    {
      in: immediately('spin'),
      code: { type: 'code.js', config: { code: 'for (;;) {}', timeoutMs: EXPRESSION_TIMEOUT_MS } },
    },
    ['in>code'],
  ),
  flow(
    'control',
    { in: n.webhook('control'), sum: n.map("{ 'sum': a + b }"), reply: n.respond({ status: 200, body: '=$' }) },
    ['in>sum', 'sum>reply'],
  ),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-hostile-'));
  rt = await startRuntime(join(dir, 'data'), await freePort(), {
    WEFT_EXPRESSION_TIMEOUT_MS: String(EXPRESSION_TIMEOUT_MS),
    WEFT_BODY_LIMIT_MB: '1',
  });
  for (const def of flows) await activateFlow(rt.url, def);
}, 60_000);

afterAll(async () => {
  if (rt) await killHard(rt);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(rt.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function hook(path: string, body: unknown): Promise<string> {
  const res = await post(`/hooks/${path}`, JSON.stringify(body));
  expect(res.status, `POST /hooks/${path}: ${JSON.stringify(res.body)}`).toBe(202);
  return res.body.runId as string;
}

/**
 * Resolves with the status the server answers a large body with. With a Content-Length the server must
 * answer from the header alone, so no body is sent; without one, chunks are sent until it answers.
 */
function sendLarge(path: string, count: number, chunk: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    // A fresh connection each time: after an early answer the server closes a connection whose body it did not read.
    const req = request(rt.url + path, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', (err) =>
      reject(
        new Error(
          `${path} (${headers['content-length'] ? 'with' : 'without'} Content-Length), after ${sent} chunks: ${err.message}`,
        ),
      ),
    );
    if (headers['content-length']) return void req.flushHeaders();
    const write = () => {
      while (sent < count) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

const runStatus = async (id: string) =>
  (
    await api<{ status: string; steps: { nodeId: string; error: { code: string; message: string } | null }[] }>(
      rt.url,
      'GET',
      `/api/runs/${id}`,
    )
  ).body;

async function expectServing(): Promise<void> {
  const health = await fetch(`${rt.url}/healthz`);
  expect(health.status).toBe(200);
  const control = await post('/hooks/control', '{"a":2,"b":40}');
  expect(control).toEqual({ status: 200, body: { sum: 42 } });
}

describe('a real runtime process under hostile input', () => {
  it('keeps serving and finishes unrelated runs while endless loops and a catastrophic regex are in flight', async () => {
    const loops = [await hook('loop', {}), await hook('loop', {})];
    const spin = await hook('spin', {});
    const regex = await hook('regex', { s: `${'a'.repeat(500_000)}b` });
    const preview = api<{ ok: boolean; error?: { message: string } }>(rt.url, 'POST', '/api/expressions/evaluate', {
      expression: LOOP,
    });

    for (let i = 0; i < 3; i++) await expectServing();
    for (const id of [...loops, spin])
      expect((await runStatus(id)).status, `run ${id} is still in flight`).toBe('running');

    const previewed = await preview;
    expect(previewed.status).toBe(200);
    expect(previewed.body).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/timeout after 4000 milliseconds/) },
    });

    const settled = async (id: string) => {
      const r = await runStatus(id);
      return r.status === 'running' ? null : r;
    };
    for (const id of loops) {
      const r = await eventually(() => settled(id), `loop run ${id} to fail`, 20_000);
      expect(r.status).toBe('failed');
      expect(r.steps.find((s) => s.nodeId === 'm')?.error).toMatchObject({
        code: 'expression_error',
        message: expect.stringMatching(/timeout after 4000 milliseconds/),
      });
    }
    const spun = await eventually(() => settled(spin), 'the spinning run to fail', 20_000);
    expect(spun.steps.find((s) => s.nodeId === 'code')?.error).toMatchObject({ code: 'code_timeout' });
    expect((await eventually(() => settled(regex), 'the regex run to finish', 20_000)).status).toBe('succeeded');
    await expectServing();
    expect(rt.child.exitCode).toBeNull();
  });

  it('applies WEFT_BODY_LIMIT_MB to API and webhook bodies, with or without Content-Length', async () => {
    const chunk = 'x'.repeat(MB / 4);
    const auth = { 'content-type': 'application/json', ...ADMIN_AUTH };
    expect(await sendLarge('/api/flows', 8, chunk, { ...auth, 'content-length': String(2 * MB) })).toBe(413);
    expect(await sendLarge('/api/flows', 8, chunk, auth)).toBe(413);
    expect(
      await sendLarge('/hooks/control', 8, chunk, {
        'content-type': 'application/json',
        'content-length': String(2 * MB),
      }),
    ).toBe(413);
    expect(await sendLarge('/hooks/control', 8, chunk, { 'content-type': 'application/json' })).toBe(413);
    await expectServing();
  });

  it('answers numbers that would lose precision and too deep nesting with 400', async () => {
    const lossy = await post('/hooks/control', '{"a":12345678901234567890,"b":1}');
    expect(lossy.status).toBe(400);
    expect(lossy.body.error).toMatchObject({ code: 'bad_request', details: { path: '$.a' } });
    const deep = await post('/hooks/control', '['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.status).toBe(400);
    expect(deep.body.error.message).toMatch(/nests deeper than 64 levels/);
    await expectServing();
  });
});
