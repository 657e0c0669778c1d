import { linearPattern } from '../../shared/linear-regex.ts';

/**
 * JSONata's `RegexEngine`: a RegExp-like with `lastIndex` and `exec`, matching
 * on RE2 so that $match, $replace, $split and $contains take linear time.
 */
export class LinearRegex {
  lastIndex = 0;
  private readonly pattern: ReturnType<typeof linearPattern>;

  constructor(re: RegExp) {
    this.pattern = linearPattern(re);
  }

  exec(text: string): RegExpExecArray | null {
    const m = this.pattern.matcher(text);
    if (this.lastIndex > text.length || !m.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const out = [m.group(0) ?? ''] as unknown as RegExpExecArray;
    for (let i = 1, n = m.groupCount(); i <= n; i++) out.push(m.group(i) ?? (undefined as unknown as string));
    out.index = m.start();
    out.input = text;
    this.lastIndex = m.end();
    return out;
  }
}

/** Throws for the first regex literal in a JSONata AST that cannot run in linear time. */
export function checkRegexLiterals(ast: unknown): void {
  const seen = new Set<unknown>();
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (node instanceof RegExp) {
      linearPattern(node);
      return;
    }
    for (const v of Array.isArray(node) ? node : Object.values(node)) walk(v);
  };
  walk(ast);
}
