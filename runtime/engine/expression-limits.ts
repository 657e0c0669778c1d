import { shareTheLoop } from './share-the-loop.ts';

export interface ExpressionLimits {
  /** Longest evaluation, ms; an endless loop or recursion fails with a clear error instead of hanging. */
  timeoutMs: number;
  /** Deepest nesting of evaluation (recursion). */
  maxDepth: number;
  /** Items the ranges of one evaluation may build together; also the longest sequence a variable or a looping expression may hold. */
  maxItems: number;
  /** Longest string (characters) an expression may build, and largest result (bytes of JSON). */
  maxResultBytes: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = {
  timeoutMs: 2000,
  maxDepth: 500,
  maxItems: 100_000,
  maxResultBytes: 32 * 1024 * 1024,
};

/** A limit was reached. Its code is none of JSONata's, so JSONata keeps the message; it adds the position. */
export class ExpressionLimitError extends Error {
  readonly code = 'expression_limit';
  position?: number;
  token?: string;
}

export const fmt = (n: number): string => n.toLocaleString('en-US');

/** JSONata AST node, as far as the limits look at it. */
export interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  lhs?: AstNode;
  rhs?: AstNode;
  procedure?: AstNode;
  arguments?: AstNode[];
  [key: string]: unknown;
}

/** What a function registered with JSONata gets as `this`. */
interface Focus {
  environment: { base: Record<symbol, number | undefined> };
}

/** Name of the range function: it contains a space, so no expression can call or shadow it. */
export const RANGE_FUNCTION = 'weft range';
const RANGE_ITEMS = Symbol('range items of this evaluation');

/** Turns `a..b` into a call of the range function, which checks the size before it builds anything. */
export function rewriteRange(node: AstNode): void {
  const { lhs, rhs } = node;
  delete node.lhs;
  delete node.rhs;
  Object.assign(node, {
    type: 'function',
    value: '(',
    procedure: { type: 'variable', value: RANGE_FUNCTION, position: node.position },
    arguments: [lhs, rhs],
  });
}

export function createGuards(limits: ExpressionLimits) {
  const { maxItems, maxResultBytes: maxChars } = limits;

  function range(this: Focus, lhs: unknown, rhs: unknown): number[] | undefined {
    if (lhs !== undefined && !Number.isInteger(lhs)) throw { code: 'T2003', value: lhs, token: '..' };
    if (rhs !== undefined && !Number.isInteger(rhs)) throw { code: 'T2004', value: rhs, token: '..' };
    if (lhs === undefined || rhs === undefined || (lhs as number) > (rhs as number)) return undefined;
    const from = lhs as number;
    const size = (rhs as number) - from + 1;
    const named = `range [${lhs}..${rhs}]`;
    if (size > maxItems)
      throw limitError(`${named} has ${fmt(size)} items; at most ${fmt(maxItems)} are allowed`, '..');
    const base = this.environment.base;
    const total = (base[RANGE_ITEMS] ?? 0) + size;
    if (total > maxItems)
      throw limitError(
        `${named} brings the items built by ranges in one evaluation to ${fmt(total)}; at most ${fmt(maxItems)} are allowed`,
        '..',
      );
    base[RANGE_ITEMS] = total;
    const out = new Array<number>(size);
    for (let i = 0; i < size; i++) out[i] = from + i;
    return Object.assign(out, { sequence: true });
  }

  /**
   * JSONata's frame-creation hook for expressions with variables: without loops a value can still
   * double with each variable (`$b := $a & $a`), so what a block gives its variables is checked.
   * The evaluation's own frame (input and bindings) is left alone.
   */
  function watchVariables(
    enclosing: { base?: unknown },
    frame: { bind: (name: string, value: unknown) => void },
  ): void {
    if (enclosing.base === undefined) return;
    const bind = frame.bind;
    frame.bind = (name, value) => {
      const problem = tooLarge(value);
      if (problem) throw limitError(`$${name} holds ${problem}`, `$${name}`);
      bind(name, value);
    };
  }

  /** Strings and sequences longer than allowed; O(1), so it can look at every step of an evaluation. */
  function tooLarge(value: unknown): string | null {
    if (typeof value === 'string')
      return value.length > maxChars
        ? `a string of ${fmt(value.length)} characters; at most ${fmt(maxChars)} are allowed`
        : null;
    if (Array.isArray(value))
      return value.length > maxItems
        ? `a sequence of ${fmt(value.length)} items; at most ${fmt(maxItems)} are allowed`
        : null;
    return null;
  }

  /** JSONata's evaluate-exit hook for expressions that can loop: no step may build more than the limits allow. */
  function afterStep(expr: AstNode, _input: unknown, _env: unknown, result: unknown): undefined {
    const problem = tooLarge(result);
    if (problem) {
      const err = limitError(`${describe(expr)} builds ${problem}`);
      err.position = expr.position;
      throw err;
    }
    return undefined;
  }

  /** Evaluate-entry hook when the expression uses $eval: the text it evaluates gets the same range check. */
  function beforeStepWithEval(expr: AstNode): Promise<void> | undefined {
    if (expr.type === 'binary' && expr.value === '..') rewriteRange(expr);
    return shareTheLoop();
  }

  /** The result as a whole: its JSON, counting a value shared in several places each time. */
  function checkResult(value: unknown): void {
    if (typeof value === 'string') {
      if (value.length > maxChars)
        throw limitError(
          `the result is a string of ${fmt(value.length)} characters; at most ${fmt(maxChars)} are allowed`,
        );
    } else if (value !== null && typeof value === 'object' && jsonLongerThan(value, maxChars)) {
      throw limitError(`the result has more than ${fmt(maxChars)} bytes of JSON; at most ${fmt(maxChars)} are allowed`);
    }
  }

  return { range, watchVariables, afterStep, beforeStepWithEval, checkResult };
}

function limitError(message: string, token?: string): ExpressionLimitError {
  const err = new ExpressionLimitError(message);
  if (token) err.token = token;
  return err;
}

function describe(expr: AstNode): string {
  const at = typeof expr.position === 'number' ? ` at character ${expr.position}` : '';
  if (expr.type === 'function' && expr.procedure?.type === 'variable')
    return `$${String(expr.procedure.value)}(…)${at}`;
  if (expr.type === 'binary') return `"${String(expr.value)}"${at}`;
  if (expr.type === 'unary' && expr.value === '[') return `[…]${at}`;
  return `the step${at}`;
}

/**
 * Whether the JSON text of `value` would be longer than `limit`, counted without building it and
 * stopping as soon as the answer is yes. A value referenced from several places counts each time,
 * as it would in the text.
 */
export function jsonLongerThan(value: unknown, limit: number): boolean {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    switch (typeof v) {
      case 'string':
        size += v.length + 3;
        break;
      case 'number':
      case 'boolean':
        size += 6;
        break;
      case 'object':
        if (v === null) size += 5;
        else if (Array.isArray(v)) {
          size += 2 + v.length;
          if (size > limit) return true;
          for (let i = 0; i < v.length; i++) stack.push(v[i]);
        } else {
          size += 2;
          for (const k in v) {
            size += k.length + 4;
            stack.push((v as Record<string, unknown>)[k]);
          }
        }
        break;
      default:
        break;
    }
    if (size > limit) return true;
  }
  return false;
}
