import jsonata from 'jsonata';
import { ExpressionLimitError, fmt, jsonLongerThan, type ExpressionLimits } from './expression-limits.ts';

/**
 * JSONata built-ins replaced by versions that keep their results but cannot stall the process:
 * $pad, $join, $string and $replace refuse to build a string beyond the size limit (before building
 * it where the size is known up front); $length and $substring count characters without making an
 * array of them; $sort and $distinct take O(n log n) and O(n) where JSONata's take O(n²).
 * Each is registered only on the expressions that name it (or use $eval).
 */

type Impl = (this: Focus, ...args: never[]) => unknown;
interface Focus {
  createSequence: () => unknown[];
}
export interface Builtin {
  implementation: Impl;
  signature: string;
}

type Native = (this: unknown, ...args: unknown[]) => unknown;
let natives: { string: Native; replace: Native } | undefined;

async function nativeImplementation(name: string): Promise<Native> {
  return ((await jsonata(`$${name}`).evaluate(null)) as { implementation: Native }).implementation;
}

/** JSONata's own $string and $replace, which the replacements call after their checks. */
export const builtinsReady: Promise<void> = (async () => {
  natives = { string: await nativeImplementation('string'), replace: await nativeImplementation('replace') };
})();
export const builtinsLoaded = (): boolean => natives !== undefined;

const SURROGATE = /[\ud800-\udfff]/;

/** Characters as JSONata counts them: code points, a lone surrogate counting as one. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function substring(str: string | undefined, start: number, length?: number): string | undefined {
  if (str === undefined) return undefined;
  // Without surrogates each character is one UTF-16 unit, and String#slice cuts exactly like Array#slice.
  if (!SURROGATE.test(str)) return cut(str.length, (a, b) => str.slice(a, b), start, length);
  const chars = Array.from(str);
  return cut(chars.length, (a, b) => chars.slice(a, b).join(''), start, length);
}

/** JSONata's $substring arithmetic on a sequence of `total` characters. */
function cut(total: number, slice: (a: number, b?: number) => string, start: number, length?: number): string {
  if (total + start < 0) start = 0;
  if (length === undefined) return slice(start);
  if (length <= 0) return '';
  return slice(start, start >= 0 ? start + length : total + start + length);
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => isDeepEqual(v, b[i]));
  const ka = Object.getOwnPropertyNames(a).sort();
  const kb = Object.getOwnPropertyNames(b).sort();
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => isDeepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The start of a text that deep-equal values share; values with the same key are compared in full. */
function keyOf(value: unknown, budget = 4096): string {
  let out = '';
  const walk = (v: unknown): void => {
    if (out.length > budget) return;
    if (v === null || typeof v !== 'object') {
      out += typeof v === 'string' ? JSON.stringify(v.slice(0, budget)) : `${typeof v}:${String(v)}`;
    } else if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length <= budget; i++) walk(v[i]), (out += ',');
      out += ']';
    } else {
      out += '{';
      for (const k of Object.getOwnPropertyNames(v).sort()) {
        if (out.length > budget) break;
        out += `${JSON.stringify(k)}:`;
        walk((v as Record<string, unknown>)[k]);
        out += ',';
      }
      out += '}';
    }
  };
  walk(value);
  return out.slice(0, budget);
}

/** JSONata's stable merge sort (same halves, same comparisons), without copying the rest of a list at each step. */
async function mergeSort(a: unknown[], swap: (l: unknown, r: unknown) => unknown): Promise<unknown[]> {
  if (a.length < 2) return a;
  const middle = Math.floor(a.length / 2);
  const left = await mergeSort(a.slice(0, middle), swap);
  const right = await mergeSort(a.slice(middle), swap);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push((await swap(left[i], right[j])) ? right[j++] : left[i++]);
  while (i < left.length) out.push(left[i++]);
  while (j < right.length) out.push(right[j++]);
  return out;
}

const isNumber = (v: unknown) => typeof v === 'number' && !Number.isNaN(v);

export function createBuiltins(limits: ExpressionLimits): Map<string, Builtin> {
  const max = limits.maxResultBytes;
  const tooLong = (what: string) => new ExpressionLimitError(`${what}; at most ${fmt(max)} are allowed`);

  function pad(str: string | undefined, width: number, char?: string): string | undefined {
    if (str === undefined) return undefined;
    if (char === undefined || char.length === 0) char = ' ';
    width = Math.trunc(width);
    if (Math.abs(width) > max) throw tooLong(`$pad: a width of ${fmt(Math.abs(width))} characters`);
    const padLength = Math.abs(width) - codePoints(str);
    if (padLength <= 0) return str;
    const padding =
      char.length === 1
        ? char.repeat(padLength)
        : substring(char.repeat(Math.ceil(padLength / codePoints(char)) + 1), 0, padLength)!;
    return width > 0 ? str + padding : padding + str;
  }

  function join(strs: string[] | undefined, separator?: string): string | undefined {
    if (strs === undefined) return undefined;
    const sep = separator ?? '';
    let size = sep.length * Math.max(0, strs.length - 1);
    for (const s of strs) size += s.length;
    if (size > max) throw tooLong(`$join: the joined string would have ${fmt(size)} characters`);
    return strs.join(sep);
  }

  function string(this: Focus, arg: unknown, prettify?: boolean): unknown {
    if (arg !== null && typeof arg === 'object' && jsonLongerThan(arg, max))
      throw tooLong(`$string: the text would have more than ${fmt(max)} characters`);
    const out = natives!.string.call(this, arg, prettify);
    if (typeof out === 'string' && out.length > max)
      throw tooLong(`$string: the text has ${fmt(out.length)} characters`);
    return out;
  }

  async function replace(this: Focus, ...args: unknown[]): Promise<unknown> {
    let out: unknown;
    try {
      out = await natives!.replace.apply(this, args);
    } catch (err) {
      if (err instanceof RangeError) throw tooLong(`$replace: the result would have more than ${fmt(max)} characters`);
      throw err;
    }
    if (typeof out === 'string' && out.length > max)
      throw tooLong(`$replace: the result would have ${fmt(out.length)} characters`);
    return out;
  }

  const length = (str: string | undefined) => (str === undefined ? undefined : codePoints(str));

  async function sort(arr: unknown[] | undefined, comparator?: (a: unknown, b: unknown) => unknown): Promise<unknown> {
    if (arr === undefined) return undefined;
    if (arr.length <= 1) return arr;
    if (comparator !== undefined) return mergeSort(Array.from(arr), comparator);
    if (!arr.every(isNumber) && !arr.every((v) => typeof v === 'string')) throw { code: 'D3070', index: 1 };
    return Array.from(arr as (number | string)[]).sort((a, b) => (a > b ? 1 : a < b ? -1 : 0));
  }

  function distinct(this: Focus, arr: unknown): unknown {
    if (!Array.isArray(arr) || arr.length <= 1) return arr;
    const out = (arr as { sequence?: boolean }).sequence === true ? this.createSequence() : [];
    const seen = new Set<unknown>();
    const byKey = new Map<string, unknown[]>();
    for (const v of arr) {
      if (v === null || typeof v !== 'object') {
        if (!seen.has(v)) seen.add(v), out.push(v);
        continue;
      }
      const key = keyOf(v);
      const same = byKey.get(key);
      if (same?.some((w) => isDeepEqual(v, w))) continue;
      if (same) same.push(v);
      else byKey.set(key, [v]);
      out.push(v);
    }
    return out;
  }

  const fns: [string, Impl, string][] = [
    ['pad', pad as Impl, '<s-ns?:s>'],
    ['join', join as Impl, '<a<s>s?:s>'],
    ['string', string as Impl, '<x-b?:s>'],
    ['replace', replace as Impl, '<s-(sf)(sf)n?:s>'],
    ['length', length as Impl, '<s-:n>'],
    ['substring', substring as Impl, '<s-nn?:s>'],
    ['sort', sort as Impl, '<af?:a>'],
    ['distinct', distinct as Impl, '<x:x>'],
  ];
  return new Map(fns.map(([name, implementation, signature]) => [name, { implementation, signature }]));
}
