import jsonata from 'jsonata';
import type { HttpClient, NodeContext } from './define-node.ts';
import { WeftError, ErrorCodes } from '../shared/errors.ts';
import { MemoryFiles } from './memory-files.ts';

export interface TestContext extends NodeContext {
  /** Every ctx.respond call, in order. */
  responses: Array<{ status: number; headers?: Record<string, string>; body?: unknown }>;
  /** Every logger call as `level: message`. */
  logs: string[];
  abort: AbortController;
  /** Every ctx.sentKey call, in order. */
  sentKeys: string[];
}

const noHttp: HttpClient = {
  request: async () => {
    throw new Error('no http in this context');
  },
};

/** A real NodeContext for unit tests: jsonata evaluation with $trigger/$steps/$run, recorded responses and logs. */
export function makeTestContext(
  overrides: Partial<NodeContext> & { steps?: Record<string, unknown>; memoryFiles?: MemoryFiles } = {},
): TestContext {
  const { steps = {}, memoryFiles = new MemoryFiles(), ...rest } = overrides;
  const abort = new AbortController();
  const responses: TestContext['responses'] = [];
  const logs: string[] = [];
  const sentKeys: string[] = [];
  const compiled = new Map<string, ReturnType<typeof jsonata>>();
  const log = (level: string) => (msg: string, data?: Record<string, unknown>) =>
    void logs.push(data === undefined ? `${level}: ${msg}` : `${level}: ${msg} ${JSON.stringify(data)}`);
  const ctx: TestContext = {
    runId: 'run-1',
    flowId: 'flow-1',
    nodeId: 'node-1',
    attempt: 1,
    idempotencyKey: 'run-1:node-1',
    sentKey: (key) => void sentKeys.push(key),
    signal: abort.signal,
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    trigger: {},
    http: noHttp,
    respond: (r) => void responses.push(r),
    now: () => Date.now(),
    startFlow: async () => {
      throw new Error('startFlow is not available in node unit tests');
    },
    connection: async (id) => {
      throw new Error(`connection "${id}" is not available in node unit tests`);
    },
    credentials: async (id) => {
      throw new Error(`connection "${id}" is not available in node unit tests`);
    },
    signWebhook: async (id) => {
      throw new Error(`connection "${id}" is not available in node unit tests`);
    },
    connected: () => true,
    sources: () => [],
    writeLookup: async (table) => {
      throw new Error(`lookup table "${table}" is not available in node unit tests`);
    },
    get files() {
      return memoryFiles.forRun(ctx.runId);
    },
    async evaluate(text, input) {
      let expr = compiled.get(text);
      try {
        if (!expr) {
          expr = jsonata(text);
          compiled.set(text, expr);
        }
        const run = { id: ctx.runId, flowId: ctx.flowId, attempt: ctx.attempt };
        return await expr.evaluate(input, { trigger: ctx.trigger, steps, run });
      } catch (err) {
        throw new WeftError(ErrorCodes.expression, `expression "${text}": ${(err as Error).message}`, { cause: err });
      }
    },
    responses,
    logs,
    abort,
    sentKeys,
    ...rest,
  };
  return ctx;
}
