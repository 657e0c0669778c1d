/**
 * How a config string says what it is. A string starting with "=" is a JSONata
 * expression evaluated per run ("=amount * 2"); a literal text that itself starts
 * with "=" is written with one more "=" ("==total" is the text "=total"). A lone
 * "=" is a literal. Fields that always hold an expression (EXPRESSION_META) need no
 * "=" but accept one.
 */

/** True when the config value is an expression: "=" and then something other than a second "=". */
export function isExpressionString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 1 && v[0] === '=' && v[1] !== '=';
}

/** The JSONata source of a value: without its leading "=" when it is an expression, else as it is. */
export function stripLeadingEquals(source: string): string {
  return isExpressionString(source) ? source.slice(1) : source;
}

/** The text a stored literal stands for: "==x" is "=x"; anything else is itself. */
export function unescapeLiteral(v: string): string {
  return v.startsWith('==') ? v.slice(1) : v;
}

/** How a text is stored so that it stays a literal: one starting with "=" gets another "=". */
export function escapeLiteral(text: string): string {
  return text.startsWith('=') ? `=${text}` : text;
}
