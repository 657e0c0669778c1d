import type { NodeContext } from '../define-node.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { CONSOLE_PRELUDE, wrapUserCode } from './prelude.ts';
import { sandboxStack, userMessage } from './stack.ts';

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

const MAX_LOG_LINES = 1000;
const MAX_LOG_CHARS = 8000;
type Level = 'debug' | 'info' | 'warn' | 'error';

/** Runs `code` in a fresh isolate; input and trigger go in as copies and the result comes back as a copy. */
export async function runInSandbox(
  ctx: NodeContext,
  code: string,
  input: unknown,
  trigger: unknown,
  limits: SandboxLimits,
): Promise<unknown> {
  if (ctx.signal.aborted) throw new WeftError(ErrorCodes.aborted, 'code step was aborted before it started');
  const { default: ivm } = await import('isolated-vm');
  const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb });
  let stopped: 'timeout' | 'aborted' | undefined;
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  let lines = 0;
  const stop = (why: 'timeout' | 'aborted', reject: (e: unknown) => void) => {
    stopped ??= why;
    if (!isolate.isDisposed) isolate.dispose();
    reject(stoppedError(stopped, limits.timeoutMs));
  };
  try {
    const context = await isolate.createContext();
    const log = new ivm.Callback((level: Level, text: string) => {
      if (++lines > MAX_LOG_LINES) return;
      const msg =
        lines === MAX_LOG_LINES
          ? `${String(text).slice(0, MAX_LOG_CHARS)} (further output dropped)`
          : String(text).slice(0, MAX_LOG_CHARS);
      (ctx.logger[level] ?? ctx.logger.info).call(ctx.logger, msg, { source: 'code.js' });
    });
    await context.evalClosure(CONSOLE_PRELUDE, [log], { timeout: limits.timeoutMs });
    const run = context.evalClosure(wrapUserCode(code), [input, trigger], {
      arguments: { copy: true },
      result: { promise: true, copy: true },
      timeout: limits.timeoutMs,
      filename: 'code.js',
    });
    const wall = new Promise<never>((_, reject) => {
      timer = setTimeout(() => stop('timeout', reject), limits.timeoutMs);
      onAbort = () => stop('aborted', reject);
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      if (ctx.signal.aborted) onAbort();
    });
    run.catch(() => {}); // the race may settle first; never leave this rejection unhandled
    return await Promise.race([run, wall]);
  } catch (err) {
    throw classify(err, isolate.isDisposed, stopped, limits, code.split('\n').length);
  } finally {
    clearTimeout(timer);
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
    if (!isolate.isDisposed) isolate.dispose();
  }
}

function stoppedError(why: 'timeout' | 'aborted', timeoutMs: number): WeftError {
  return why === 'aborted'
    ? new WeftError(ErrorCodes.aborted, 'code step was aborted')
    : new WeftError('code_timeout', `code did not finish within ${timeoutMs} ms`);
}

function classify(
  err: unknown,
  disposed: boolean,
  stopped: 'timeout' | 'aborted' | undefined,
  limits: SandboxLimits,
  lines: number,
): WeftError {
  if (err instanceof WeftError) return err;
  if (stopped) return stoppedError(stopped, limits.timeoutMs);
  const message = userMessage(errorMessage(err), lines);
  if (/memory limit|Array buffer allocation failed/i.test(message) || (disposed && /disposed/i.test(message)))
    return new WeftError('code_memory_limit', `code used more than ${limits.memoryMb} MB of memory`, { cause: err });
  if (/Script execution timed out/i.test(message)) return stoppedError('timeout', limits.timeoutMs);
  if (message === 'Not supported')
    return new WeftError(ErrorCodes.code, 'Not supported (import() and modules are not available in code.js)', {
      cause: err,
    });
  if (/could not be cloned/i.test(message))
    return new WeftError(ErrorCodes.code, `the result must be JSON-like data: ${message}`, { cause: err });
  return new WeftError(ErrorCodes.code, message, { cause: err, details: stackOf(err, lines) });
}

const MAX_ERROR_CHARS = 2000;

function errorMessage(err: unknown): string {
  const m = describe(err);
  return m.length > MAX_ERROR_CHARS ? `${m.slice(0, MAX_ERROR_CHARS)}… (${m.length} characters)` : m;
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string')
    return (err as { message: string }).message;
  try {
    return `code threw ${typeof err === 'string' ? err : JSON.stringify(err)}`;
  } catch {
    return `code threw ${String(err)}`;
  }
}

/** The stack as the author can read it: their frames at their lines, nothing of the host (stack.ts). */
function stackOf(err: unknown, lines: number): { stack: string } | undefined {
  const stack = (err as { stack?: unknown } | null)?.stack;
  return typeof stack === 'string' ? { stack: sandboxStack(stack, lines) } : undefined;
}
