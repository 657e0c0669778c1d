/**
 * What a plain JSON.parse gets wrong without a word: numbers it cannot keep
 * exactly, and nesting deep enough to overflow the recursive code that later
 * copies, stores and compares the value. Both are found in text or values
 * that JSON.parse has already accepted.
 */

export type JsonPath = (string | number)[];

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;

const PLAIN_INTEGER = /^-?\d+$/;

/**
 * True when JSON.parse would change the number: a whole number written without
 * fraction or exponent beyond ±(2^53 − 1), or any other number that does not
 * print back as the same decimal value (too many significant digits, overflow
 * to Infinity, underflow to 0).
 */
export function losesPrecision(token: string): boolean {
  const v = Number(token);
  if (PLAIN_INTEGER.test(token)) return !Number.isSafeInteger(v);
  if (!Number.isFinite(v)) return true;
  const a = decimal(token);
  const b = decimal(String(v));
  return a.digits !== b.digits || a.exponent !== b.exponent;
}

/** Significant digits and the power of ten of the decimal point after them; zero is "". */
function decimal(s: string): { digits: string; exponent: number } {
  const start = s.charCodeAt(0) === MINUS ? 1 : 0;
  const e = s.search(/[eE]/);
  const mantissa = e < 0 ? s.slice(start) : s.slice(start, e);
  const dot = mantissa.indexOf('.');
  let digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let exponent = (e < 0 ? 0 : Number(s.slice(e + 1))) + (dot < 0 ? mantissa.length : dot);
  let lead = 0;
  while (lead < digits.length && digits.charCodeAt(lead) === 48) lead++;
  digits = digits.slice(lead).replace(/0+$/, '');
  exponent -= lead;
  return digits === '' ? { digits: '', exponent: 0 } : { digits, exponent };
}

/**
 * A cheap look that rules out most texts: false unless the text has 16 or more
 * digits and dots in a row, or a digit followed by an exponent of three or more
 * digits. Anything else has at most 15 significant digits within the range of
 * doubles, which JSON.parse always keeps exactly.
 *
 * Each such pattern is a run of five or more characters from [0-9.eE+-], so
 * every fifth character is probed and only runs that contain a probe are read.
 */
export function mayLosePrecision(text: string): boolean {
  const n = text.length;
  for (let i = 4; i < n; i += 5) {
    if (!isNumberChar(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isNumberChar(text.charCodeAt(start - 1))) start--;
    const end = endOfSafeRun(text, start);
    if (end < 0) return true;
    i = end - 1;
  }
  return false;
}

/** Reads the run of [0-9.eE+-] that begins at `start`: its end, or -1 when it holds a risky pattern. */
function endOfSafeRun(text: string, start: number): number {
  const n = text.length;
  let digitsAndDots = 0;
  let j = start;
  for (; j < n; j++) {
    const c = text.charCodeAt(j);
    if (isDigit(c) || c === 46) {
      if (++digitsAndDots >= 16) return -1;
      continue;
    }
    if (!isNumberChar(c)) break;
    digitsAndDots = 0;
    if ((c === 101 || c === 69) && j > start && isDigit(text.charCodeAt(j - 1))) {
      let k = j + 1;
      if (text.charCodeAt(k) === 43 || text.charCodeAt(k) === MINUS) k++;
      const digitsFrom = k;
      while (k < n && isDigit(text.charCodeAt(k))) k++;
      if (k - digitsFrom >= 3) return -1;
    }
  }
  return j;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The first number in valid JSON text that JSON.parse would change, with its path. */
export function findLossyNumber(text: string): { path: JsonPath; number: string } | null {
  // One entry per open container: the raw (quoted) key for objects, the index for arrays.
  const path: (string | number)[] = [];
  let expectKey = false;
  for (let i = 0, n = text.length; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (expectKey) {
        path[path.length - 1] = text.slice(i, end);
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      path.push('');
      expectKey = true;
      i++;
    } else if (c === OPEN_ARRAY) {
      path.push(0);
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      path.pop();
      i++;
    } else if (c === COMMA) {
      const last = path.length - 1;
      if (typeof path[last] === 'number') path[last] = (path[last] as number) + 1;
      else expectKey = true;
      i++;
    } else if (c === MINUS || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (losesPrecision(token))
        return { path: path.map((p) => (typeof p === 'string' ? (JSON.parse(p) as string) : p)), number: token };
      i = j;
    } else i++;
  }
  return null;
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 /* . */ || c === 101 || c === 69 /* e E */ || c === 43 || c === MINUS;
}

/** The index just after the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** False when the text has at most `max` opening brackets, so no value in it can nest deeper. */
export function mayNestDeeperThan(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let count = 0;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > max) return true;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > max) return true;
  return false;
}

/** The path to the first object or array nested deeper than `max` levels (the outermost is level 1), or null. */
export function pathDeeperThan(value: unknown, max: number): JsonPath | null {
  const path: JsonPath = [];
  const enter = (x: unknown, key: string | number, level: number): boolean => {
    if (x === null || typeof x !== 'object') return false;
    path.push(key);
    if (walk(x, level + 1)) return true;
    path.pop();
    return false;
  };
  // for..in rather than Object.keys: no array per object on large bodies; parsed JSON has only own keys.
  const walk = (v: object, level: number): boolean => {
    if (level > max) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) if (enter(v[i], i, level)) return true;
    } else for (const k in v) if (enter((v as Record<string, unknown>)[k], k, level)) return true;
    return false;
  };
  return value !== null && typeof value === 'object' && walk(value, 1) ? path : null;
}

/** "$.order.lines[2].amount"; keys that are not plain names in brackets: $["odd key"]. */
export function formatPath(path: JsonPath, maxChars = 300): string {
  let out = '$';
  for (const p of path)
    out += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

/**
 * Valid JSON text with every number JSON.parse would change turned into a string of its exact digits,
 * e.g. {"id": 12345678901234567890} → {"id": "12345678901234567890"}. Used for answers of downstream
 * systems, which cannot be asked to send such numbers as strings.
 */
export function quoteLossyNumbers(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0, n = text.length; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = stringEnd(text, i);
    else if (c === MINUS || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (losesPrecision(token)) {
        out += `${text.slice(copied, i)}"${token}"`;
        copied = j;
      }
      i = j;
    } else i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
