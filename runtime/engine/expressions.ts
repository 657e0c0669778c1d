import jsonata from 'jsonata';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { LinearRegex, checkRegexLiterals } from './jsonata-regex.ts';
import { shareTheLoop } from './share-the-loop.ts';
import {
  DEFAULT_EXPRESSION_LIMITS,
  type ExpressionLimits,
  type AstNode,
  createGuards,
  rewriteRange,
  RANGE_FUNCTION,
} from './expression-limits.ts';
import { createBuiltins, builtinsReady, builtinsLoaded, type Builtin } from './expression-builtins.ts';
import { addWeftFunctions, type LookupFn } from './expression-functions.ts';
import { compileFast, DECLINED, type FastEvaluator } from './expression-fast.ts';

export { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits };

type Compiled = jsonata.Expression;
/** A function as JSONata registers it; ours declare a narrower `this`. */
type Fn = Parameters<Compiled['registerFunction']>[1];

export interface ExpressionBindings {
  trigger?: unknown;
  steps?: Record<string, unknown>;
  run?: Record<string, unknown>;
  /**
   * `$env`: values over the installation's variables for this evaluation (a run's own, e.g. a flow test
   * case's); without it `$env` is the installation's variables alone.
   */
  env?: Readonly<Record<string, string>>;
}

/** The installation's environment variables as they are now, by name. */
export type VariablesFn = () => Readonly<Record<string, string>>;

const NO_VARIABLES: Readonly<Record<string, string>> = Object.freeze({});

export interface ExpressionProblem {
  message: string;
  /** Character offset in the expression where the parser stopped. */
  position?: number;
  token?: string;
}

/**
 * Compiles each distinct expression text once and keeps it. Published versions
 * are immutable, so a version's expressions are compiled on first use and never again.
 *
 * What an expression may build is limited (`ExpressionLimits`), at a cost only where it can grow:
 * ranges are checked before they are built, variables when they are given a value, and expressions
 * that can loop at every step, in the hook that also lets the event loop turn. The result as a whole
 * is measured once. See expression-limits.ts and expression-builtins.ts.
 */
export class ExpressionCache {
  private readonly cache = new Map<string, Compiled>();
  private readonly options: jsonata.JsonataOptions;
  private readonly guards: ReturnType<typeof createGuards>;
  private readonly builtins: Map<string, Builtin>;

  /** What `$lookup` reads; without it, expressions have no `$lookup`. */
  private lookup: LookupFn | undefined;
  /** What `$env` holds; without it, no variables. */
  private variables: VariablesFn = () => NO_VARIABLES;
  /** Compiled expressions that read `$env` (or may, through `$eval`): only those get it bound. */
  private readonly readsEnv = new WeakSet<Compiled>();
  /** Synchronous evaluators of the compiled expressions written in the subset expression-fast.ts covers. */
  private readonly fast = new WeakMap<Compiled, FastEvaluator>();
  private readonly maxDepth: number;

  constructor(
    limits: Partial<ExpressionLimits> = {},
    private readonly maxEntries = 20_000,
  ) {
    const l = { ...DEFAULT_EXPRESSION_LIMITS, ...limits };
    // No `sequence` option: JSONata would then check every push onto every sequence of every expression.
    this.options = {
      timeout: l.timeoutMs,
      stack: l.maxDepth,
      RegexEngine: LinearRegex as unknown as RegExpConstructor,
    };
    this.guards = createGuards(l);
    this.builtins = createBuiltins(l);
    this.maxDepth = l.maxDepth;
  }

  /** Gives expressions `$lookup` over these lookup tables (expressions compiled before keep what they had). */
  setLookups(lookup: LookupFn): void {
    this.lookup = lookup;
    this.cache.clear();
  }

  /** Gives expressions `$env` over these variables, read at every evaluation (so always the current values). */
  setVariables(variables: VariablesFn): void {
    this.variables = variables;
  }

  compile(source: string): Compiled {
    let c = this.cache.get(source);
    if (c) return c;
    try {
      c = jsonata(source, this.options);
      checkRegexLiterals(c.ast());
      addWeftFunctions(c, this.lookup);
      this.guard(c);
      const fast = compileFast(c.ast() as unknown as AstNode, this.maxDepth);
      if (fast) this.fast.set(c, fast);
    } catch (err) {
      const p = describeJsonataError(err);
      throw new WeftError(ErrorCodes.expression, `expression syntax error: ${p.message}`, {
        details: { ...p, expression: clip(source) },
      });
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
      const scope = this.readsEnv.has(expr) ? { ...bindings, env: this.envOf(bindings.env) } : bindings;
      // Most mappings are evaluated without JSONata's awaits (expression-fast.ts); the rest by JSONata.
      const fast = this.fast.get(expr);
      let out: unknown = fast ? fast(input, scope as Record<string, unknown>) : DECLINED;
      if (out === DECLINED) {
        if (!builtinsLoaded()) await builtinsReady;
        out = await expr.evaluate(input, scope as Record<string, unknown>);
      }
      out = normalise(out);
      if (out !== input) this.guards.checkResult(out);
      return out;
    } catch (err) {
      const p = describeJsonataError(err);
      throw new WeftError(ErrorCodes.expression, `expression failed: ${p.message}`, {
        details: { ...p, expression: clip(source) },
      });
    }
  }

  /** `$env`: the installation's variables now, with a run's own values over them. */
  private envOf(own: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
    const current = this.variables();
    return own ? { ...current, ...own } : current;
  }

  /** Adds the checks an expression needs, judged from its syntax tree; plain mappings get none. */
  private guard(c: Compiled): void {
    const s = scan(c.ast() as unknown as AstNode);
    if (s.evals || s.names.has('env')) this.readsEnv.add(c);
    if (s.loops) {
      c.assign(EVALUATE_ENTRY, s.evals ? this.guards.beforeStepWithEval : shareTheLoop);
      c.assign(EVALUATE_EXIT, this.guards.afterStep);
    } else if (s.binds) {
      c.assign(CREATE_FRAME, this.guards.watchVariables);
    }
    for (const r of s.ranges) rewriteRange(r);
    if (s.ranges.length > 0 || s.evals) c.registerFunction(RANGE_FUNCTION, this.guards.range as unknown as Fn);
    for (const [name, f] of this.builtins)
      if (s.evals || s.names.has(name)) c.registerFunction(name, f.implementation as unknown as Fn, f.signature);
  }
}

const EVALUATE_ENTRY = Symbol.for('jsonata.__evaluate_entry') as unknown as string;
const EVALUATE_EXIT = Symbol.for('jsonata.__evaluate_exit') as unknown as string;
const CREATE_FRAME = Symbol.for('jsonata.__createFrame_push') as unknown as string;

/** Built-ins that call a function once per item: with a lambda they can loop as long as it recurses. */
const HIGHER_ORDER = new Set(['map', 'filter', 'reduce', 'sift', 'each', 'single', 'sort']);

interface Scan {
  /** Defines a function (which may recurse), builds a range, sorts, calls a higher-order built-in or $eval. */
  loops: boolean;
  evals: boolean;
  ranges: AstNode[];
  binds: boolean;
  /** Every `$name` the expression refers to. */
  names: Set<string>;
}

/**
 * What an expression can do, from its syntax tree. Only expressions that can loop get the hook that
 * lets the event loop turn during evaluation; it costs an await per evaluation step, which plain
 * mappings do without.
 */
function scan(ast: AstNode): Scan {
  const s: Scan = { loops: false, evals: false, ranges: [], binds: false, names: new Set() };
  const seen = new Set<object>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node) walk(x);
      return;
    }
    const n = node as AstNode;
    if (n.type === 'lambda' || n.type === 'sort') s.loops = true;
    else if (n.type === 'binary' && n.value === '..') (s.loops = true), s.ranges.push(n);
    else if (n.type === 'bind') s.binds = true;
    else if (n.type === 'variable' && typeof n.value === 'string') {
      s.names.add(n.value);
      if (n.value === 'eval') s.evals = s.loops = true;
    } else if ((n.type === 'function' || n.type === 'partial') && HIGHER_ORDER.has(String(n.procedure?.value)))
      s.loops = true;
    for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
  };
  walk(ast);
  return s;
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
