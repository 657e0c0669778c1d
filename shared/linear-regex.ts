import { RE2JS } from 're2js';

/**
 * Regular expressions that match in time linear in the input (RE2, through
 * re2js): a pattern such as /(a+)+$/ cannot backtrack for hours on a long
 * string the way a native RegExp can. RE2 has no backreferences and no
 * lookarounds; such a pattern is refused with UnsupportedRegexError.
 */

const compiled = new Map<string, RE2JS>();
const MAX_PATTERNS = 2000;

export class UnsupportedRegexError extends Error {
  constructor(source: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      `regular expression /${source}/ is not supported (${why}); backreferences and lookarounds are not available, as matching must take linear time`,
    );
    this.name = 'UnsupportedRegexError';
  }
}

/** Compiles a JavaScript regular expression (a RegExp, or a pattern without flags) for RE2; compiled patterns are kept. */
export function linearPattern(re: RegExp | string): RE2JS {
  const key = typeof re === 'string' ? `/${re}` : `${re.flags}/${re.source}`;
  let p = compiled.get(key);
  if (p) return p;
  try {
    p = RE2JS.compile(RE2JS.translateRegExp(re));
  } catch (err) {
    throw new UnsupportedRegexError(typeof re === 'string' ? re : re.source, err);
  }
  if (compiled.size >= MAX_PATTERNS) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, p);
  return p;
}
