import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Expressions that would build huge values or loop without letting the event loop turn, sent several at
 * once to a real runtime process: each fails with a message naming the limit, memory stays bounded,
 * and health checks and unrelated runs are answered throughout.
 */

const TIMEOUT_MS = 3000;
const MB = 1024 * 1024;
const LOOP = '($f := function($n){ $f($n + 1) }; $f(0))';
const HUGE_RANGES = '[1..9999999].[1..9999999]';
/** Doubles a string six times through variables, to 64 million characters, then counts them. */
const DOUBLING =
  '($a := $pad("x", 1000000); $b := $a & $a; $c := $b & $b; $d := $c & $c; $e := $d & $d; $f := $e & $e; $g := $f & $f; $length($g))';

let rt: RuntimeProcess;
let dir: string;

const immediately = (path: string) => n.webhook(path, { respond: 'immediately' });
const flows = [
  flow('ranges', { in: immediately('ranges'), m: n.map(HUGE_RANGES) }, ['in>m']),
  flow('eval', { in: immediately('eval'), m: n.map('$eval(code)') }, ['in>m']),
  flow(
    'control',
    { in: n.webhook('control'), sum: n.map("{ 'sum': a + b }"), reply: n.respond({ status: 200, body: '=$' }) },
    ['in>sum', 'sum>reply'],
  ),
];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'weft-expr-limits-'));
  rt = await startRuntime(join(dir, 'data'), await freePort(), {
    WEFT_EXPRESSION_TIMEOUT_MS: String(TIMEOUT_MS),
    WEFT_STEP_PAYLOAD_CAP_KB: '64',
  });
  for (const def of flows) await activateFlow(rt.url, def);
}, 60_000);

afterAll(async () => {
  if (rt) await killHard(rt);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Resident memory of the runtime process, bytes. */
function rss(): number {
  const line = readFileSync(`/proc/${rt.child.pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/(\d+)/)?.[1] ?? 0) * 1024;
}

async function hook(path: string, body: unknown): Promise<string> {
  const res = await fetch(`${rt.url}/hooks/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await res.json();
  expect(res.status, `POST /hooks/${path}: ${JSON.stringify(answer)}`).toBe(202);
  return answer.runId as string;
}

type Preview = { ok: boolean; result?: unknown; error?: { code: string; message: string } };
const preview = (expression: string, input?: unknown) =>
  api<Preview>(rt.url, 'POST', '/api/expressions/evaluate', { expression, input });

async function expectServing(): Promise<void> {
  const health = await fetch(`${rt.url}/healthz`);
  expect(health.status).toBe(200);
  const res = await fetch(`${rt.url}/hooks/control`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"a":2,"b":40}',
  });
  expect(await res.json()).toEqual({ sum: 42 });
}

const stepError = async (runId: string) => {
  const r = await api<{ status: string; steps: { nodeId: string; error: { code: string; message: string } | null }[] }>(
    rt.url,
    'GET',
    `/api/runs/${runId}`,
  );
  return r.body.status === 'running'
    ? null
    : { status: r.body.status, error: r.body.steps.find((s) => s.nodeId === 'm')?.error };
};

describe('a real runtime process under expressions that build huge values or loop', () => {
  it('fails each with a message naming the limit, keeps memory bounded and keeps serving throughout', async () => {
    const rssBefore = rss();
    const runs = [
      await hook('ranges', {}),
      await hook('eval', { code: LOOP }),
      await hook('eval', { code: HUGE_RANGES }),
    ];
    const previews = Promise.all([
      preview(HUGE_RANGES),
      preview(HUGE_RANGES),
      preview('$pad("x", 400000000)'),
      preview(DOUBLING),
      preview(`$eval(code)`, { code: LOOP }),
      preview(`$eval(code)`, { code: LOOP }),
    ]);
    await expectServing();
    expect(await stepError(runs[1]), 'the endless $eval run, in flight while the runtime answers').toBeNull();
    for (let i = 0; i < 4; i++) await expectServing();

    const [ranges, ranges2, pad, doubling, evalLoop, evalLoop2] = (await previews).map((p) => p.body);
    const rangeMessage = /range \[1\.\.9999999\] has 9,999,999 items; at most 100,000 are allowed/;
    for (const p of [ranges, ranges2])
      expect(p).toMatchObject({
        ok: false,
        error: { code: 'expression_error', message: expect.stringMatching(rangeMessage) },
      });
    expect(pad).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/\$pad: a width of 400,000,000 characters; at most 33,554,432 are allowed/),
      },
    });
    expect(doubling).toMatchObject({
      ok: false,
      error: {
        message: expect.stringMatching(/\$g holds a string of 64,000,000 characters; at most 33,554,432 are allowed/),
      },
    });
    for (const p of [evalLoop, evalLoop2])
      expect(p).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/timeout after 3000 milliseconds/) },
      });

    const [rangeRun, loopRun, evalRangeRun] = await Promise.all(
      runs.map((id) => eventually(() => stepError(id), `run ${id} to finish`, 20_000)),
    );
    expect(rangeRun).toMatchObject({
      status: 'failed',
      error: { code: 'expression_error', message: expect.stringMatching(rangeMessage) },
    });
    expect(loopRun).toMatchObject({
      status: 'failed',
      error: { message: expect.stringMatching(/timeout after 3000 milliseconds/) },
    });
    expect(evalRangeRun).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(rangeMessage) } });

    await expectServing();
    expect(rss() - rssBefore, 'memory the runtime grew by').toBeLessThan(300 * MB);
    expect(rt.child.exitCode).toBeNull();
  }, 60_000);

  it('caps the answer of a preview at the step payload cap', async () => {
    const res = await fetch(`${rt.url}/api/expressions/evaluate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ADMIN_AUTH },
      body: JSON.stringify({ expression: '$pad("x", 5000000)' }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text.length, 'the answer is no larger than the cap and a preview').toBeLessThan(64 * 1024);
    expect(JSON.parse(text)).toEqual({
      ok: true,
      result: { $weftTruncated: true, bytes: 5_000_002, preview: expect.stringMatching(/^"x {2046}$/) },
    });
  });
});
