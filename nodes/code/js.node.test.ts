import { describe, it, expect } from 'vitest';
import js from './js.node.ts';
import { makeTestContext, type TestContext } from '../testing.ts';

const run = (
  code: string,
  input: unknown = {},
  extra: Record<string, unknown> = {},
  ctx: TestContext = makeTestContext(),
) => js.execute(ctx, input, js.config.parse({ code, ...extra }));

describe('code.js', () => {
  it('returns a copy of the result and works on a copy of the input', async () => {
    const input = { lines: [{ amount: 2 }, { amount: 3 }] };
    const out = await run(
      'input.lines.push({ amount: 100 }); return { total: input.lines.reduce((s, l) => s + l.amount, 0) };',
      input,
    );
    expect(out).toEqual({ total: 105 });
    expect(input.lines).toHaveLength(2);
  });

  it('sees the trigger body, supports await and maps undefined to null', async () => {
    const ctx = makeTestContext({ trigger: { body: { id: 'opp-1' }, headers: { a: 'b' } } });
    expect(await run('return await Promise.resolve(trigger.id)', {}, {}, ctx)).toBe('opp-1');
    expect(await run('const x = 1;')).toBeNull();
  });

  it('forwards console output to the logger', async () => {
    const ctx = makeTestContext();
    await run(
      'console.log("hello", { a: 1 }, 2); console.warn("careful"); console.error(new Error("e").message); return 1',
      {},
      {},
      ctx,
    );
    expect(ctx.logs.map((l) => l.replace(/ \{"source".*$/, ''))).toEqual([
      'info: hello {"a":1} 2',
      'warn: careful',
      'error: e',
    ]);
  });

  it('reports a syntax error as code_error', async () => {
    await expect(run('return {')).rejects.toMatchObject({
      code: 'code_error',
      retryable: false,
      message: expect.stringMatching(/SyntaxError/),
    });
  });

  it('reports a thrown error with its message', async () => {
    await expect(run('throw new Error("client is missing")')).rejects.toMatchObject({
      code: 'code_error',
      retryable: false,
      message: 'client is missing',
    });
    await expect(run('await null; throw new TypeError("late")')).rejects.toMatchObject({
      code: 'code_error',
      message: 'TypeError: late',
    });
    await expect(run('throw "plain"')).rejects.toMatchObject({
      code: 'code_error',
      message: expect.stringContaining('plain'),
    });
  });

  it('shows only the frames of the code, at the lines its author wrote, never a host path', async () => {
    const failure = async (code: string) => {
      try {
        await run(code);
      } catch (err) {
        return err as { message: string; details: { stack: string } };
      }
      throw new Error('the code should fail');
    };
    const thrown = await failure('const x = 1;\nfunction check() {\n  throw new TypeError("bad total");\n}\ncheck();');
    expect(thrown.details.stack).toBe('TypeError: bad total\n    at check (code.js:3:9)\n    at code.js:5:1');
    const builtin = await failure('return [].reduce((a, b) => a);');
    expect(builtin.details.stack.split('\n')).toEqual([
      expect.stringMatching(/^TypeError: Reduce/),
      '    at Array.reduce (<anonymous>)',
      '    at code.js:1:11',
    ]);
    // A syntax error is thrown at the boundary, with the host's frames (the runtime bundle's path) behind it.
    const syntax = await failure('const a = 1;\nconst b = ;');
    expect(syntax.message).toMatch(/SyntaxError: Unexpected token ';' \[code\.js:2:11\]/);
    for (const e of [thrown, builtin, syntax])
      expect(e.details.stack).not.toMatch(/file:|\/work\/|sandbox\.ts|node:|isolated-vm|\.mjs|\.ts:/);
  });

  it('rejects results that are not JSON-like', async () => {
    await expect(run('return { f: () => 1 }')).rejects.toMatchObject({
      code: 'code_error',
      message: expect.stringMatching(/result\.f is a function/),
    });
    await expect(run('return { when: new Date(0) }')).rejects.toMatchObject({
      message: expect.stringMatching(/result\.when is a Date/),
    });
    await expect(run('const a = {}; a.self = a; return a')).rejects.toMatchObject({
      message: expect.stringMatching(/refers back/),
    });
  });

  it('stops an infinite loop by the CPU timeout', async () => {
    await expect(run('while (true) {}', {}, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'code_timeout',
      retryable: false,
      message: 'code did not finish within 100 ms',
    });
  });

  it('stops a never-resolving promise by wall time', async () => {
    await expect(run('await new Promise(() => {}); return 1', {}, { timeoutMs: 100 })).rejects.toMatchObject({
      code: 'code_timeout',
    });
  });

  it('stops a memory blow-up', async () => {
    const code = 'const a = []; while (true) a.push("x".repeat(1000) + a.length);';
    await expect(run(code, {}, { memoryMb: 16, timeoutMs: 30_000 })).rejects.toMatchObject({
      code: 'code_memory_limit',
    });
  });

  it('stops when the step is aborted while the code runs', async () => {
    const ctx = makeTestContext();
    // The code reports that it is running; abort then, while it awaits forever.
    ctx.logger.info = () => queueMicrotask(() => ctx.abort.abort());
    const pending = run('console.log("running"); await new Promise(() => {})', {}, { timeoutMs: 30_000 }, ctx);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });

  it('does not start when the step is already aborted', async () => {
    const ctx = makeTestContext();
    ctx.abort.abort();
    await expect(run('return 1', {}, {}, ctx)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('has no host objects inside', async () => {
    expect(
      await run(
        'return [typeof process, typeof require, typeof fetch, typeof setTimeout, typeof module, typeof Buffer]',
      ),
    ).toEqual(Array(6).fill('undefined'));
    await expect(run('return this.constructor.constructor("return process")()')).rejects.toMatchObject({
      code: 'code_error',
      message: expect.stringMatching(/process is not defined/),
    });
    expect(await run('return typeof globalThis.constructor.constructor("return typeof process")()')).toBe('string');
    expect(await run('return globalThis.constructor.constructor("return typeof process")()')).toBe('undefined');
  });

  it('limits timeout and memory in config', () => {
    expect(js.config.parse({ code: 'return 1' })).toMatchObject({ timeoutMs: 1000, memoryMb: 32 });
    expect(js.config.safeParse({ code: 'x', timeoutMs: 5 }).success).toBe(false);
    expect(js.config.safeParse({ code: 'x', memoryMb: 512 }).success).toBe(false);
  });
});
