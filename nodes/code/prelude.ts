/**
 * JavaScript that runs inside the isolate. Kept as text: none of it may touch
 * host objects. `$0`.. are the evalClosure arguments.
 */

/** Installs `console` whose methods forward one formatted string per call to the host callback `$0(level, text)`. */
export const CONSOLE_PRELUDE = `
const send = $0;
const show = (x) => {
  if (typeof x === 'string') return x;
  try { const s = JSON.stringify(x); return s === undefined ? String(x) : s; } catch { return String(x); }
};
const make = (level) => (...args) => { send(level, args.map(show).join(' ')); };
const console = Object.freeze({ log: make('info'), info: make('info'), debug: make('debug'), warn: make('warn'), error: make('error') });
Object.defineProperty(globalThis, 'console', { value: console, writable: false, configurable: false, enumerable: false });
`;

/** Rejects results that do not survive JSON (functions, symbols, class instances, cycles, NaN) with a path. */
const RESULT_CHECK = `
const weftJsonLike = (root) => {
  const seen = new Set();
  const walk = (v, path) => {
    const t = typeof v;
    if (v === null || v === undefined || t === 'string' || t === 'boolean') return;
    if (t === 'number') { if (!Number.isFinite(v)) throw new TypeError(path + ' is ' + v + '; the result must be JSON-like data'); return; }
    if (t !== 'object') throw new TypeError(path + ' is a ' + t + '; the result must be JSON-like data');
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null)
      throw new TypeError(path + ' is a ' + ((proto && proto.constructor && proto.constructor.name) || 'object') + '; the result must be JSON-like data (plain objects, arrays, strings, numbers, booleans, null)');
    if (seen.has(v)) throw new TypeError(path + ' refers back to itself; the result must be JSON-like data');
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, path + '[' + i + ']'));
    else for (const k of Object.keys(v)) walk(v[k], path + '.' + k);
    seen.delete(v);
  };
  walk(root, 'result');
  return root === undefined ? null : root;
};
`;

const BEFORE_USER_CODE = `${RESULT_CHECK}\nreturn (async function (input, trigger) {\n`;

/** Lines of the wrapper above the user's first line: code.js:<n> is the user's line n − USER_LINE_OFFSET. */
export const USER_LINE_OFFSET = BEFORE_USER_CODE.split('\n').length - 1;

/** Wraps the user's async function body; `input` and `trigger` are copies passed as $0 and $1. */
export function wrapUserCode(code: string): string {
  return `${BEFORE_USER_CODE}${code}\n}).call(globalThis, $0, $1).then(weftJsonLike);`;
}
