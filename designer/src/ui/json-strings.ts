/**
 * For display only: strings that hold a JSON object or array (a downstream's answer kept as text, an
 * error body) are shown as the structure they encode instead of as one line of escaped quotes.
 */
export function expandJsonStrings(value: unknown, depth = 0): unknown {
  if (depth > 20) return value;
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.length < 2 || !((t[0] === '{' && t.endsWith('}')) || (t[0] === '[' && t.endsWith(']')))) return value;
    try {
      return expandJsonStrings(JSON.parse(t), depth + 1);
    } catch {
      return value;
    }
  }
  if (Array.isArray(value)) return value.map((v) => expandJsonStrings(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(out, k, {
        value: expandJsonStrings(v, depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out;
  }
  return value;
}
