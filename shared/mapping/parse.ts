import jsonata from 'jsonata';
import { generate, moneyPicture } from './generate.ts';
import {
  COMPARISONS,
  type Comparison,
  type FieldMapping,
  type Literal,
  type Mapping,
  type Operand,
  type Rule,
  type SourcePath,
  type Unsupported,
} from './model.ts';

/** A node of the tree `jsonata(text).ast()` returns, as far as the mapper reads it. */
interface Ast {
  type: string;
  value?: unknown;
  steps?: Ast[];
  lhs?: Ast | [Ast, Ast][];
  rhs?: Ast;
  expressions?: Ast[];
  procedure?: Ast;
  arguments?: Ast[];
  condition?: Ast;
  then?: Ast;
  else?: Ast;
  [key: string]: unknown;
}

class NotAMapping extends Error {}

const fail = (reason: string): never => {
  throw new NotAMapping(reason);
};

/**
 * Reads JSONata back into a mapping. Anything the mapper cannot show as lines without changing what the
 * expression does (comments included) is answered with the reason, and the text stays as it is.
 */
export function parse(text: string): Mapping | Unsupported {
  let ast: Ast;
  try {
    ast = jsonata(text).ast() as Ast;
  } catch (e) {
    return { unsupported: true, reason: `the expression does not compile: ${(e as Error).message}` };
  }
  if (hasComment(text)) return { unsupported: true, reason: 'it has comments, which the mapper would drop' };
  let mapping: Mapping;
  try {
    mapping = mappingOf(ast);
    // The safety net: what the mapper would write must be the very same expression.
    if (!sameTree(jsonata(generate(mapping)).ast(), ast))
      return { unsupported: true, reason: 'the mapper would not write it back the same way' };
  } catch (e) {
    if (e instanceof NotAMapping) return { unsupported: true, reason: e.message };
    // Too deep to walk, or a part the writer refuses: the text stays as it is.
    return { unsupported: true, reason: `the mapper cannot read it (${(e as Error).message})` };
  }
  return mapping;
}

function mappingOf(ast: Ast): Mapping {
  if (isObject(ast)) return { fields: fieldsOf(ast, '') };
  if (ast.type === 'path' && ast.steps && ast.steps.length >= 2 && isObject(ast.steps[ast.steps.length - 1])) {
    onlyKeys(ast, ['type', 'steps'], 'the expression');
    const context = pathOf({ type: 'path', steps: ast.steps.slice(0, -1) }, 'the expression');
    return { context, fields: fieldsOf(ast.steps[ast.steps.length - 1], '') };
  }
  if (ast.type === 'block')
    return fail('it computes in steps with variables ($name := …), which the mapper does not write');
  if (ast.type === 'condition') return fail('the whole result is chosen by a condition, not built field by field');
  return fail('the result is not an object built field by field ({ "field": … })');
}

function isObject(ast: Ast | undefined): boolean {
  return ast?.type === 'unary' && ast.value === '{' && Array.isArray(ast.lhs);
}

function fieldsOf(ast: Ast, prefix: string): FieldMapping[] {
  onlyKeys(ast, ['type', 'value', 'lhs'], prefix || 'the object');
  const seen = new Set<string>();
  return (ast.lhs as [Ast, Ast][]).map(([key, value]) => {
    if (key.type !== 'string' || typeof key.value !== 'string')
      return fail(`${prefix ? `in ${prefix}, ` : ''}a field name is computed, not written out`);
    const target = key.value;
    const where = prefix ? `${prefix}.${target}` : target;
    if (seen.has(target)) return fail(`the field "${where}" is set twice`);
    seen.add(target);
    return { target, rule: ruleOf(value, `"${where}"`, where) };
  });
}

function ruleOf(ast: Ast, where: string, path: string): Rule {
  if (isObject(ast)) return { kind: 'object', fields: fieldsOf(ast, path) };
  if (ast.type === 'unary' && ast.value === '[') {
    const inner = ast.expressions?.length === 1 ? ast.expressions[0] : undefined;
    const steps = inner?.type === 'path' ? inner.steps : undefined;
    if (inner && steps && steps.length >= 2 && isObject(steps[steps.length - 1])) {
      onlyKeys(ast, ['type', 'value', 'expressions'], where);
      onlyKeys(inner, ['type', 'steps'], where);
      const source = pathOf({ type: 'path', steps: steps.slice(0, -1) }, where);
      return { kind: 'list', source, fields: fieldsOf(steps[steps.length - 1], path) };
    }
    return fail(`${where} is a list the mapper does not build (only [list.{ … }])`);
  }
  if (isPath(ast)) return { kind: 'copy', source: pathOf(ast, where) };
  const lit = literalOf(ast);
  if (lit.ok) return { kind: 'constant', value: lit.value };
  if (ast.type === 'binary' && ast.value === '&') return { kind: 'concat', parts: concatParts(ast, where) };
  if (ast.type === 'condition') return conditionRule(ast, where);
  if (ast.type === 'function') return functionRule(ast, where);
  return fail(`${where} is computed in a way the mapper does not offer`);
}

function functionRule(ast: Ast, where: string): Rule {
  const name = calledName(ast);
  const args = ast.arguments ?? [];
  if (name === 'fromMillis' && args.length === 2 && calledName(args[0]) === 'toMillis') {
    const inner = args[0].arguments ?? [];
    const picture = stringOf(args[1]);
    const inputPicture = inner.length === 2 ? stringOf(inner[1]) : undefined;
    if (picture !== null && inner.length >= 1 && inner.length <= 2 && inputPicture !== null)
      return {
        kind: 'formatDate',
        source: pathOf(inner[0], where),
        picture,
        ...(inputPicture === undefined ? {} : { inputPicture }),
      };
  }
  if (name === 'formatNumber' && args.length === 2 && calledName(args[0]) === 'round') {
    const [number, places] = args[0].arguments ?? [];
    const decimals = places?.type === 'number' ? (places.value as number) : -1;
    if (
      calledName(number) === 'number' &&
      number.arguments?.length === 1 &&
      Number.isInteger(decimals) &&
      decimals >= 0 &&
      decimals <= 6 &&
      stringOf(args[1]) === moneyPicture(decimals)
    )
      return { kind: 'roundMoney', source: pathOf(number.arguments[0], where), decimals };
  }
  if (name === 'lookup' && args.length === 2 && typeof stringOf(args[0]) === 'string')
    return { kind: 'lookup', table: stringOf(args[0]) as string, source: pathOf(args[1], where) };
  if (name === 'sum' && args.length === 1) return { kind: 'sum', source: pathOf(args[0], where) };
  return fail(`${where} calls ${name ? `$${name}` : 'a function'} in a way the mapper does not offer`);
}

function conditionRule(ast: Ast, where: string): Rule {
  const c = ast.condition;
  if (!c || !ast.then || !ast.else) return fail(`${where} is a condition without an else branch`);
  if (calledName(c) === 'exists' && c.arguments?.length === 1 && isPath(c.arguments[0])) {
    const source = pathOf(c.arguments[0], where);
    const fallback = literalOf(ast.else);
    if (sameTree(c.arguments[0], ast.then) && fallback.ok) return { kind: 'default', source, value: fallback.value };
  }
  if (c.type === 'binary' && COMPARISONS.includes(c.value as Comparison) && c.lhs && !Array.isArray(c.lhs) && c.rhs) {
    const value = literalOf(c.rhs);
    if (value.ok)
      return {
        kind: 'condition',
        test: { source: pathOf(c.lhs, where), op: c.value as Comparison, value: value.value },
        whenTrue: operandOf(ast.then, where),
        whenFalse: operandOf(ast.else, where),
      };
  }
  return fail(`${where} is a condition the mapper does not offer (field, comparison, fixed value)`);
}

function concatParts(ast: Ast, where: string): Operand[] {
  const left = ast.lhs as Ast;
  const head = left.type === 'binary' && left.value === '&' ? concatParts(left, where) : [operandOf(left, where)];
  return [...head, operandOf(ast.rhs as Ast, where)];
}

function operandOf(ast: Ast, where: string): Operand {
  const lit = literalOf(ast);
  if (lit.ok) return { literal: lit.value };
  return { source: pathOf(ast, where) };
}

function literalOf(ast: Ast): { ok: true; value: Literal } | { ok: false } {
  if (ast.type === 'string' || ast.type === 'number') return { ok: true, value: ast.value as Literal };
  if (ast.type === 'value' && (ast.value === true || ast.value === false || ast.value === null))
    return { ok: true, value: ast.value };
  return { ok: false };
}

function stringOf(ast: Ast | undefined): string | null {
  return ast?.type === 'string' && typeof ast.value === 'string' ? ast.value : null;
}

function calledName(ast: Ast | undefined): string | null {
  if (ast?.type !== 'function' || ast.procedure?.type !== 'variable') return null;
  return typeof ast.procedure.value === 'string' ? ast.procedure.value : null;
}

function isPath(ast: Ast): boolean {
  return ast.type === 'path' || ast.type === 'name' || ast.type === 'variable';
}

/** A plain path: names, optionally after one variable; no filters, no functions, no wildcards. */
function pathOf(ast: Ast, where: string): SourcePath {
  const steps = ast.type === 'path' ? (ast.steps ?? []) : [ast];
  const out: SourcePath = { steps: [] };
  steps.forEach((s, i) => {
    const plain = Object.keys(s).every((k) => k === 'type' || k === 'value' || k === 'position');
    if (s.type === 'variable' && i === 0 && plain && typeof s.value === 'string') out.variable = s.value;
    else if (s.type === 'name' && plain && typeof s.value === 'string') out.steps.push(s.value);
    else fail(`${where} reads its source with more than a plain path of field names`);
  });
  if (out.variable === '' && out.steps.length === 0) return { steps: [] };
  return out;
}

function onlyKeys(ast: Ast, keys: string[], where: string): void {
  for (const k of Object.keys(ast))
    if (k !== 'position' && !keys.includes(k)) fail(`${where} uses a JSONata form the mapper does not write (${k})`);
}

/** Structural equality of two syntax trees, ignoring where in the text each node stood. */
function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => k !== 'position');
  const kb = Object.keys(b).filter((k) => k !== 'position');
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameTree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Whether the text has a comment outside its string literals. */
function hasComment(text: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote !== '`') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '/' && text[i + 1] === '*') return true;
  }
  return false;
}
