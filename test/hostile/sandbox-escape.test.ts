import { describe, it, expect } from 'vitest';
import { deploy, start } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { hostileSuite, finishedSteps, stepError } from './harness.ts';

const suite = hostileSuite();
let seq = 0;

/** Runs `code` in a code.js step of a fresh flow and returns the finished run with its step rows. */
async function runCode(
  code: string,
  input: unknown = { order: { id: 'O-1' } },
  limits: { timeoutMs?: number; memoryMb?: number } = {},
) {
  const id = `code-${++seq}`;
  const plan = await deploy(
    suite.weft,
    flow(id, { in: n.manual(), code: { type: 'code.js', config: { code, timeoutMs: 300, ...limits } } }, ['in>code']),
  );
  const { runId } = await start(suite.weft, plan, input);
  return finishedSteps(suite.weft, runId);
}

async function expectFailure(
  code: string,
  errorCode: string,
  message: RegExp,
  limits?: { timeoutMs?: number; memoryMb?: number },
) {
  const { run, steps } = await runCode(code, undefined, limits);
  expect(run.status).toBe('failed');
  expect(steps.code.status).toBe('failed');
  expect(stepError(steps.code)).toMatchObject({ code: errorCode, message: expect.stringMatching(message) });
}

const output = (step: { output: string | null }) => JSON.parse(step.output ?? 'null');

describe('code.js against sandbox escapes', () => {
  it('reaches no host Function through the constructor chain of the global object', async () => {
    await expectFailure(
      'return this.constructor.constructor("return process")()',
      'code_error',
      /ReferenceError: process is not defined/,
    );
  });

  it('reaches no host Function through the constructor chain of passed-in objects', async () => {
    await expectFailure(
      'return input.order.constructor.constructor("return process.env")()',
      'code_error',
      /process is not defined/,
    );
    await expectFailure(
      'return trigger.constructor.constructor("return require")()("fs")',
      'code_error',
      /require is not defined/,
    );
  });

  it('reaches no host Function through async and generator function constructors', async () => {
    await expectFailure(
      'return await (async () => {}).constructor("return process")()',
      'code_error',
      /process is not defined/,
    );
    await expectFailure(
      'return (function* () {}).constructor("return process")().next().value',
      'code_error',
      /process is not defined/,
    );
    await expectFailure(
      'return await Promise.resolve().then.constructor("return process")()',
      'code_error',
      /process is not defined/,
    );
  });

  it('keeps prototype tricks on passed-in objects inside the isolate, and out of the next run', async () => {
    const first = await runCode(
      'input.__proto__.polluted = true; Object.prototype.polluted = true; Array.prototype.polluted = true; ' +
        'input.order.constructor.prototype.polluted = true; return { seen: ({}).polluted === true }',
    );
    expect(first.steps.code.status).toBe('succeeded');
    expect(output(first.steps.code)).toEqual({ seen: true });
    const second = await runCode('return { polluted: ({}).polluted ?? null, arrays: [].polluted ?? null }');
    expect(output(second.steps.code)).toEqual({ polluted: null, arrays: null });
  });

  it('finds only isolate functions through stack-trace frames (Error.prepareStackTrace)', async () => {
    const code = `
      Error.prepareStackTrace = (_, frames) => frames;
      const frames = new Error('probe').stack;
      const seen = [];
      for (const f of frames) {
        for (const x of [f.getFunction && f.getFunction(), f.getThis && f.getThis()]) {
          if (!x || !x.constructor || !x.constructor.constructor) continue;
          const r = await x.constructor.constructor('return typeof process')();
          seen.push(typeof r === 'string' ? r : 'no string');
        }
      }
      return { frames: frames.length, seen };`;
    const { steps } = await runCode(code);
    expect(steps.code.status).toBe('succeeded');
    const out = output(steps.code);
    expect(out.frames).toBeGreaterThan(0);
    expect(out.seen).not.toContain('object');
  });

  it('does not run an error getter on the host: a thrown error with a looping message getter times out', async () => {
    await expectFailure(
      'const e = new Error("m"); Object.defineProperty(e, "message", { get() { for (;;) {} } }); throw e',
      'code_timeout',
      /did not finish within 300 ms/,
    );
  });

  it('cannot load modules with import()', async () => {
    await expectFailure(
      'const fs = await import("node:fs"); return fs.readFileSync("/etc/passwd", "utf8")',
      'code_error',
      /import\(\) and modules are not available/,
    );
  });

  it('has no require, process, fetch, timers or other host objects', async () => {
    const names = [
      'require',
      'process',
      'fetch',
      'setTimeout',
      'setInterval',
      'setImmediate',
      'queueMicrotask',
      'Buffer',
      'module',
      'global',
      'XMLHttpRequest',
      'WebSocket',
    ];
    const { steps } = await runCode(`return ${JSON.stringify(names)}.map((n) => typeof globalThis[n])`);
    expect(output(steps.code)).toEqual(names.map(() => 'undefined'));
  });

  it('stops an endless microtask loop by the time limit', async () => {
    await expectFailure('for (;;) await null', 'code_timeout', /did not finish within 300 ms/);
  });

  it('stops Atomics.wait on a SharedArrayBuffer by the time limit', async () => {
    await expectFailure(
      'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 1',
      'code_timeout',
      /did not finish within 300 ms/,
    );
  });

  it('stops an endless WebAssembly loop by the time limit', async () => {
    // (module (func (export "f") (loop (br 0))))
    const wasm = [
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 9, 1, 7, 0, 3, 64, 12, 0,
      11, 11,
    ];
    await expectFailure(
      `new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(wasm)}))).exports.f()`,
      'code_timeout',
      /did not finish/,
    );
  });

  it('stops a memory blow-up at the memory limit', async () => {
    await expectFailure(
      'const a = []; for (;;) a.push("x".repeat(1024) + a.length);',
      'code_memory_limit',
      /more than 16 MB/,
      { memoryMb: 16, timeoutMs: 20_000 },
    );
  });

  it('stops a getter in the result that never returns', async () => {
    await expectFailure('return { get total() { for (;;) {} } }', 'code_timeout', /did not finish within 300 ms/);
  });

  it('refuses results that are not data: functions, proxies, BigInt, SharedArrayBuffer', async () => {
    await expectFailure('return { f: function () { return process } }', 'code_error', /result\.f is a function/);
    await expectFailure('return new Proxy({}, {})', 'code_error', /JSON-like/);
    await expectFailure('return { n: 10n }', 'code_error', /result\.n is a bigint/);
    await expectFailure('return new SharedArrayBuffer(8)', 'code_error', /SharedArrayBuffer/);
  });

  it('clips a huge thrown message', async () => {
    const { steps } = await runCode('throw new Error("x".repeat(1_000_000))', undefined, { memoryMb: 64 });
    const e = stepError(steps.code);
    expect(e.code).toBe('code_error');
    expect(e.message.length).toBeLessThan(2100);
    expect(e.message).toMatch(/1000000 characters/);
  });

  it('lets other runs finish while a step spins on the CPU', async () => {
    const plan = await deploy(
      suite.weft,
      flow('spin', { in: n.manual(), code: { type: 'code.js', config: { code: 'for (;;) {}', timeoutMs: 1000 } } }, [
        'in>code',
      ]),
    );
    const { runId } = await start(suite.weft, plan, {});
    const control = await suite.call('POST', '/hooks/control', { a: 1, b: 1 });
    expect(control.body).toEqual({ sum: 2 });
    expect((await suite.weft.store.runs.run(runId))?.status, 'the spinning run is still in flight').toBe('running');
    const { steps } = await finishedSteps(suite.weft, runId);
    expect(stepError(steps.code)).toMatchObject({
      code: 'code_timeout',
      message: 'code did not finish within 1000 ms',
    });
  });
});
