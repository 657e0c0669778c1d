import jsonata from 'jsonata';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { LinearRegex, checkRegexLiterals } from './jsonata-regex.ts';
import { shareTheLoop } from './share-the-loop.ts';
import { addWeftFunctions } from './expression-functions.ts';

type Compiled = jsonata.Expression;

export interface ExpressionBindings {
  trigger?: unknown;
  steps?: Record<string, unknown>;
  run?: Record<string, unknown>;
}

export interface ExpressionProblem {
  message: string;
  /** Character offset in the expression where the parser stopped. */
  position?: number;
  token?: string;
}

/**
 * Compiles each distinct expression text once and keeps it. Published versions
 * are immutable, so a version's expressions are compiled on first use and never again.
 */
export interface ExpressionLimits {
  /** Longest evaluation, ms; an endless loop or recursion fails with a clear error instead of hanging. */
  timeoutMs: number;
  /** Deepest nesting of evaluation (recursion). */
  maxDepth: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 2000, maxDepth: 500 };

export class ExpressionCache {
  private readonly cache = new Map<string, Compiled>();
  private readonly options: jsonata.JsonataOptions;

  constructor(limits: Partial<ExpressionLimits> = {}, private readonly maxEntries = 20_000) {
    const l = { ...DEFAULT_EXPRESSION_LIMITS, ...limits };
    // Sequence length is checked by JSONata's own range limit; asking for it again costs every evaluation.
    this.options = { timeout: l.timeoutMs, stack: l.maxDepth, RegexEngine: LinearRegex as unknown as RegExpConstructor };
  }

  compile(source: string): Compiled {
    let c = this.cache.get(source);
    if (c) return c;
    try {
      c = jsonata(source, this.options);
      checkRegexLiterals(c.ast());
      addWeftFunctions(c);
      if (mayRunLong(c.ast())) c.assign(EVALUATE_ENTRY, shareTheLoop);
    } catch (err) {
      const p = describeJsonataError(err);
      throw new WeftError(ErrorCodes.expression, `expression syntax error: ${p.message}`, { details: { ...p, expression: clip(source) } });
    }
    if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(source, c);
    return c;
  }

  async evaluate(source: string, input: unknown, bindings: ExpressionBindings = {}): Promise<unknown> {
    // "$" alone (e.g. a connector body "=$") is the input itself; arrays keep JSONata's own handling.
    if (source === '$' && !Array.isArray(input)) return input === undefined ? null : input;
    const expr = this.compile(source);
    try {
      return normalise(await expr.evaluate(input, bindings as Record<string, unknown>));
    } catch (err) {
      const p = describeJsonataError(err);
      throw new WeftError(ErrorCodes.expression, `expression failed: ${p.message}`, { details: { ...p, expression: clip(source) } });
    }
  }
}

const EVALUATE_ENTRY = Symbol.for('jsonata.__evaluate_entry') as unknown as string;

/** Built-ins that call a function once per item: with a lambda they can loop as long as it recurses. */
const HIGHER_ORDER = new Set(['map', 'filter', 'reduce', 'sift', 'each', 'single', 'sort']);

/**
 * Whether an expression can run for long on a small input: it defines a function (which may recurse),
 * builds a range, or calls a higher-order built-in. Only those get the hook that lets the event loop
 * turn during evaluation; it costs an await per evaluation step, which plain mappings do without.
 */
function mayRunLong(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  const n = node as { type?: string; value?: unknown; procedure?: { value?: unknown } };
  if (n.type === 'lambda' || (n.type === 'binary' && n.value === '..')) return true;
  if ((n.type === 'function' || n.type === 'partial') && HIGHER_ORDER.has(String(n.procedure?.value))) return true;
  for (const v of Object.values(node)) {
    if (Array.isArray(v) ? v.some(mayRunLong) : typeof v === 'object' && mayRunLong(v)) return true;
  }
  return false;
}

/** Syntax check only: null when the expression parses and its regular expressions can run in linear time. */
export function checkExpressionSyntax(source: string): ExpressionProblem | null {
  try {
    checkRegexLiterals(jsonata(source).ast());
    return null;
  } catch (err) {
    return describeJsonataError(err);
  }
}

function describeJsonataError(err: unknown): ExpressionProblem {
  const e = err as { message?: string; position?: number; token?: string; code?: string };
  const out: ExpressionProblem = { message: e?.message ?? String(err) };
  if (typeof e?.position === 'number') out.position = e.position;
  if (typeof e?.token === 'string') out.token = e.token;
  return out;
}

/**
 * JSONata returns sequences as arrays with extra properties and `undefined` for
 * "no match"; steps store and pass plain JSON values.
 */
function normalise(v: unknown): unknown {
  if (v === undefined) return null;
  if (Array.isArray(v) && (v as { sequence?: boolean }).sequence) return Array.from(v);
  return v;
}

function clip(s: string): string {
  return s.length > 500 ? s.slice(0, 500) + '…' : s;
}
