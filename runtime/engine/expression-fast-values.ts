/**
 * JSONata's rules for values, as the fast evaluator (expression-fast.ts) applies them: sequences and
 * their flags, what counts as a number, a function, true, equal; arithmetic, comparison and `&`.
 * Where JSONata would raise an error, these throw DECLINE and the expression is left to JSONata.
 */

/** Thrown where JSONata has to evaluate the expression instead. */
export const DECLINE = new Error('declined');

export type Seq = unknown[] & { sequence?: boolean; keepSingleton?: boolean; cons?: boolean };

export function sequence(): Seq {
  const s: Seq = [];
  s.sequence = true;
  return s;
}

export function sequenceOf(item: unknown): Seq {
  const s = sequence();
  s.push(item);
  return s;
}

export const isSequence = (v: unknown): v is Seq => (v as Seq).sequence === true && Array.isArray(v);

/** JSONata's isFunction, for values it may meet: a function, or an object flagged as one (declined). */
export function functionLike(v: unknown): boolean {
  if (typeof v === 'function') return true;
  const o = v as Record<string, unknown> | null;
  return o !== null && typeof o === 'object' && (o._jsonata_function === true || o._jsonata_lambda === true);
}

/** JSONata's isNumeric: a number that is not NaN; an infinite one is an error (declined). */
export function isNumeric(v: unknown): v is number {
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  if (!Number.isFinite(v)) throw DECLINE;
  return true;
}

export function numeric(lhs: unknown, rhs: unknown, op: string): number | undefined {
  if ((lhs !== undefined && !isNumeric(lhs)) || (rhs !== undefined && !isNumeric(rhs))) throw DECLINE;
  if (lhs === undefined || rhs === undefined) return undefined;
  const l = lhs as number;
  const r = rhs as number;
  const result = op === '+' ? l + r : op === '-' ? l - r : op === '*' ? l * r : op === '/' ? l / r : l % r;
  // JSONata returns NaN and infinities here and fails on them later: left to it.
  if (!Number.isFinite(result)) throw DECLINE;
  return result;
}

export function compare(lhs: unknown, rhs: unknown, op: string): boolean | undefined {
  const lt = typeof lhs;
  const rt = typeof rhs;
  const comparable = (t: string) => t === 'undefined' || t === 'string' || t === 'number';
  if (!comparable(lt) || !comparable(rt)) throw DECLINE;
  if (lt === 'undefined' || rt === 'undefined') return undefined;
  if (lt !== rt) throw DECLINE;
  const l = lhs as number | string;
  const r = rhs as number | string;
  return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
}

/** JSONata's $string, for the values `&` usually joins; objects and arrays are left to JSONata. */
export function string(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object') throw DECLINE;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw DECLINE;
    return JSON.stringify(Number.isInteger(v) ? v : Number(v.toPrecision(15)));
  }
  if (typeof v === 'boolean' || v === null) return String(v);
  throw DECLINE;
}

/** JSONata's $boolean (undefined stays undefined). */
export function boolean(v: unknown): boolean | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (v.length === 1) return boolean(v[0]);
    return v.length > 1 && v.some((x) => boolean(x));
  }
  if (typeof v === 'string') return v.length > 0;
  if (isNumeric(v)) return v !== 0;
  if (v !== null && typeof v === 'object') return !functionLike(v) && Object.keys(v).length > 0;
  return v === true;
}

export const boolize = (v: unknown) => boolean(v) ?? false;

/** JSONata's deep equality. */
export function isDeepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    if (lhs.length !== rhs.length) return false;
    for (let i = 0; i < lhs.length; i++) if (!isDeepEqual(lhs[i], rhs[i])) return false;
    return true;
  }
  const lkeys = Object.getOwnPropertyNames(lhs).sort();
  const rkeys = Object.getOwnPropertyNames(rhs).sort();
  if (lkeys.length !== rkeys.length) return false;
  for (let i = 0; i < lkeys.length; i++) if (lkeys[i] !== rkeys[i]) return false;
  const l = lhs as Record<string, unknown>;
  const r = rhs as Record<string, unknown>;
  return lkeys.every((k) => isDeepEqual(l[k], r[k]));
}
