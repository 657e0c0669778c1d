import type { AstNode } from './expression-limits.ts';
import {
  boolean,
  boolize,
  compare,
  DECLINE,
  functionLike,
  isDeepEqual,
  isNumeric,
  isSequence,
  numeric,
  type Seq,
  sequence,
  sequenceOf,
  string,
} from './expression-fast-values.ts';

/**
 * JSONata's own evaluation, transcribed without `await`, for the part of the language most mappings are
 * written in: paths over field names, literals, `$`, `$$` and bound variables, arithmetic, comparison,
 * `&`, `and`/`or`, `? :`, blocks, array and object constructors, and `$sum`, `$count`, `$merge`.
 * JSONata awaits every node it evaluates, so a mapping of a few fields costs dozens of promises; this
 * evaluates the same tree in one call. Each function below follows the JSONata function of the same
 * role (jsonata.js 2.x: evaluate, evaluatePath, evaluateStep, lookup, evaluateGroupExpression, …),
 * sequences and their flags included. Whatever it does not model — another kind of node, a filter, a
 * value JSONata would raise an error for, a very large input — makes it decline (DECLINED), and the
 * expression is evaluated by JSONata itself: results and errors are always JSONata's.
 */
export type FastEvaluator = (input: unknown, bindings: Readonly<Record<string, unknown>>) => unknown;

/** What a fast evaluator answers when JSONata has to evaluate the expression instead. */
export const DECLINED: unique symbol = Symbol('evaluated by JSONata');

/** Nodes evaluated (and items looked through) before the evaluator leaves a large input to JSONata. */
const BUDGET = 100_000;

interface Ctx {
  bindings: Readonly<Record<string, unknown>>;
  root: unknown;
  budget: number;
}

const NUMERIC = new Set(['+', '-', '*', '/', '%']);
const EQUALITY = new Set(['=', '!=']);
const COMPARISON = new Set(['<', '<=', '>', '>=']);
const BINARY = new Set([...NUMERIC, ...EQUALITY, ...COMPARISON, '&', 'and', 'or']);
const FUNCTIONS = new Set(['sum', 'count', 'merge']);

/** Keys a node of each kind may have (besides type, value, position): any other (a filter, a focus, …) is declined. */
const KEYS: Record<string, readonly string[]> = {
  path: ['steps'],
  name: [],
  string: [],
  number: [],
  value: [],
  variable: [],
  binary: ['lhs', 'rhs'],
  unary: ['expression', 'expressions', 'lhs', 'consarray'],
  block: ['expressions'],
  condition: ['condition', 'then', 'else'],
  function: ['procedure', 'arguments'],
};

/** A synchronous evaluator for the expression's syntax tree, or null when the tree is outside the subset. */
export function compileFast(ast: AstNode, maxDepth: number): FastEvaluator | null {
  if (!supported(ast, Math.min(maxDepth, 200) / 2)) return null;
  return (input, bindings) => {
    // JSONata wraps an array input in a sequence of its own: left to JSONata.
    if (Array.isArray(input)) return DECLINED;
    try {
      return evaluate(ast, input, { bindings, root: input, budget: BUDGET });
    } catch {
      return DECLINED;
    }
  };
}

function supported(n: AstNode, depth: number): boolean {
  if (depth <= 0 || n === null || typeof n !== 'object') return false;
  const allowed = KEYS[n.type];
  if (!allowed) return false;
  for (const [k, v] of Object.entries(n)) {
    // A key the parser left undefined is as good as absent, but for those JSONata tests with hasOwnProperty.
    if (v === undefined && k !== 'predicate' && k !== 'group') continue;
    if (k !== 'type' && k !== 'value' && k !== 'position' && !allowed.includes(k)) return false;
  }
  const sub = (x: unknown) => supported(x as AstNode, depth - 1);
  const all = (xs: unknown) => Array.isArray(xs) && xs.every(sub);
  switch (n.type) {
    case 'path': {
      const steps = n.steps as AstNode[] | undefined;
      return (
        Array.isArray(steps) &&
        steps.length > 0 &&
        all(steps) &&
        steps.every((s, i) => i === 0 || s.type !== 'variable')
      );
    }
    case 'name':
    case 'variable':
      return typeof n.value === 'string';
    case 'string':
    case 'number':
    case 'value':
      return true;
    case 'binary':
      return BINARY.has(n.value as string) && sub(n.lhs) && sub(n.rhs);
    case 'unary':
      if (n.value === '-') return sub(n.expression);
      if (n.value === '[') return all(n.expressions);
      return (
        n.value === '{' && Array.isArray(n.lhs) && n.lhs.every((p) => Array.isArray(p) && p.length === 2 && all(p))
      );
    case 'block':
      return all(n.expressions);
    case 'condition':
      return sub(n.condition) && sub(n.then) && (n.else === undefined || sub(n.else));
    case 'function': {
      const p = n.procedure;
      const args = n.arguments;
      return (
        p?.type === 'variable' &&
        Object.keys(p).every((k) => k === 'type' || k === 'value' || k === 'position') &&
        FUNCTIONS.has(p.value as string) &&
        Array.isArray(args) &&
        args.length === 1 &&
        all(args)
      );
    }
  }
  return false;
}

const hasOwn = (o: object, k: string) => Object.hasOwn(o, k);

function evaluate(n: AstNode, input: unknown, c: Ctx): unknown {
  if (--c.budget < 0) throw DECLINE;
  let result: unknown;
  switch (n.type) {
    case 'path':
      result = evaluatePath(n, input, c);
      break;
    case 'binary':
      result = evaluateBinary(n, input, c);
      break;
    case 'unary':
      result = evaluateUnary(n, input, c);
      break;
    case 'name':
      result = lookup(input, n.value as string, c);
      break;
    case 'string':
    case 'number':
    case 'value':
      result = n.value;
      break;
    case 'block':
      for (const e of n.expressions as AstNode[]) result = evaluate(e, input, c);
      break;
    case 'condition':
      if (boolean(evaluate(n.condition as AstNode, input, c))) result = evaluate(n.then as AstNode, input, c);
      else if (n.else !== undefined) result = evaluate(n.else as AstNode, input, c);
      break;
    case 'function':
      result = evaluateFunction(n, input, c);
      break;
    case 'variable':
      result = evaluateVariable(n, input, c);
      break;
    default:
      throw DECLINE;
  }
  if (result && isSequence(result)) {
    if (result.length === 0) result = undefined;
    else if (result.length === 1) result = result.keepSingleton ? result : result[0];
  }
  return result;
}

function evaluatePath(n: AstNode, input: unknown, c: Ctx): unknown {
  const steps = n.steps as AstNode[];
  let inputSequence: unknown[] = Array.isArray(input) && steps[0].type !== 'variable' ? input : sequenceOf(input);
  let resultSequence: unknown[] | undefined;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    resultSequence =
      i === 0 && step.consarray
        ? (evaluate(step, inputSequence, c) as unknown[])
        : evaluateStep(step, inputSequence, c, i === steps.length - 1);
    if (resultSequence === undefined || resultSequence.length === 0) break;
    inputSequence = resultSequence;
  }
  return resultSequence;
}

function evaluateStep(step: AstNode, input: unknown[], c: Ctx, lastStep: boolean): unknown[] {
  const result = sequence();
  let arrays = false;
  for (let i = 0; i < input.length; i++) {
    const res = evaluate(step, input[i], c);
    if (res === undefined) continue;
    result.push(res);
    if (Array.isArray(res)) arrays = true;
  }
  if (lastStep && result.length === 1 && Array.isArray(result[0]) && !isSequence(result[0])) return result[0];
  // JSONata copies the results into a new sequence, flattening the arrays among them: with none, the copy is the same.
  if (!arrays) return result;
  const flat = sequence();
  for (const res of result) {
    if (!Array.isArray(res) || (res as Seq).cons) flat.push(res);
    else for (const v of res) flat.push(v);
  }
  return flat;
}

function lookup(input: unknown, key: string, c: Ctx): unknown {
  if (Array.isArray(input)) {
    const result = sequence();
    c.budget -= input.length;
    if (c.budget < 0) throw DECLINE;
    for (const item of input) {
      const res = lookup(item, key, c);
      if (res === undefined) continue;
      if (Array.isArray(res)) for (const v of res) result.push(v);
      else result.push(res);
    }
    return result;
  }
  if (input === null || typeof input !== 'object') return undefined;
  if (functionLike(input)) throw DECLINE;
  return hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
}

function evaluateVariable(n: AstNode, input: unknown, c: Ctx): unknown {
  const name = n.value as string;
  if (name === '') return input;
  if (name === '$') return c.root;
  // JSONata looks an unbound (or undefined) name up among its functions: left to it.
  const v = Object.prototype.propertyIsEnumerable.call(c.bindings, name) ? c.bindings[name] : undefined;
  if (v === undefined || functionLike(v)) throw DECLINE;
  return v;
}

function evaluateBinary(n: AstNode, input: unknown, c: Ctx): unknown {
  const lhs = evaluate(n.lhs as AstNode, input, c);
  const op = n.value as string;
  if (op === 'and') return boolize(lhs) && boolize(evaluate(n.rhs as AstNode, input, c));
  if (op === 'or') return boolize(lhs) || boolize(evaluate(n.rhs as AstNode, input, c));
  const rhs = evaluate(n.rhs as AstNode, input, c);
  if (NUMERIC.has(op)) return numeric(lhs, rhs, op);
  if (EQUALITY.has(op)) {
    if (lhs === undefined || rhs === undefined) return false;
    return op === '=' ? isDeepEqual(lhs, rhs) : !isDeepEqual(lhs, rhs);
  }
  if (COMPARISON.has(op)) return compare(lhs, rhs, op);
  return (lhs === undefined ? '' : string(lhs)) + (rhs === undefined ? '' : string(rhs));
}

function evaluateUnary(n: AstNode, input: unknown, c: Ctx): unknown {
  if (n.value === '-') {
    const v = evaluate(n.expression as AstNode, input, c);
    if (v === undefined) return undefined;
    if (!isNumeric(v)) throw DECLINE;
    return -v;
  }
  if (n.value === '{') return evaluateGroup(n, input, c);
  let result: Seq = [];
  for (const item of n.expressions as AstNode[]) {
    const value = evaluate(item, input, c);
    if (value === undefined) continue;
    if (item.value === '[') result.push(value);
    else result = result.concat(Array.isArray(value) ? value : [value]);
  }
  if (n.consarray) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
  return result;
}

/** An object constructor over one context item (JSONata groups over several: declined). */
function evaluateGroup(n: AstNode, input: unknown, c: Ctx): Record<string, unknown> {
  if (Array.isArray(input)) throw DECLINE;
  const pairs = n.lhs as unknown as [AstNode, AstNode][];
  const groups: Record<string, number> = Object.create(null);
  for (let i = 0; i < pairs.length; i++) {
    const key = evaluate(pairs[i][0], input, c);
    if (key === undefined) continue;
    if (typeof key !== 'string' || key === '_jsonata_lambda' || key === '_jsonata_function') throw DECLINE;
    if (hasOwn(groups, key)) throw DECLINE;
    groups[key] = i;
  }
  const result: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(groups)) {
    const value = evaluate(pairs[groups[key]][1], input, c);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

/** $sum, $count and $merge with their signatures' checks (`<a<n>:n>`, `<a:n>`, `<a<o>:o>`); a failing check is declined. */
function evaluateFunction(n: AstNode, input: unknown, c: Ctx): unknown {
  const name = (n.procedure as AstNode).value as string;
  if (Object.prototype.propertyIsEnumerable.call(c.bindings, name)) throw DECLINE;
  const arg = evaluate((n.arguments as AstNode[])[0], input, c);
  if (functionLike(arg)) throw DECLINE;
  if (name === 'count') return arg === undefined ? 0 : Array.isArray(arg) ? arg.length : 1;
  if (arg === undefined) return undefined;
  const items = Array.isArray(arg) ? arg : [arg];
  c.budget -= items.length;
  if (c.budget < 0) throw DECLINE;
  if (name === 'sum') {
    let total = 0;
    for (const v of items) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw DECLINE;
      total += v;
    }
    return total;
  }
  const result: Record<string, unknown> = Object.create(null);
  for (const o of items) {
    if (o === null || typeof o !== 'object' || Array.isArray(o) || functionLike(o)) throw DECLINE;
    for (const k of Object.keys(o)) result[k] = (o as Record<string, unknown>)[k];
  }
  return result;
}
