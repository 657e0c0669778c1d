/** How a value of a difference is shown: one line when short, folded with its full text to open when long. */
export interface ShownValue {
  /** "not set" for a value that is absent. */
  short: string;
  /** The whole value, indented; null when `short` already shows all of it. */
  full: string | null;
  absent: boolean;
}

export const FOLD_AT = 80;

export function showValue(value: unknown, foldAt = FOLD_AT): ShownValue {
  if (value === undefined) return { short: 'not set', full: null, absent: true };
  const line = JSON.stringify(value) ?? String(value);
  if (line.length <= foldAt) return { short: line, full: null, absent: false };
  const full = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return { short: `${line.slice(0, foldAt - 1)}…`, full, absent: false };
}

/** The node a compared path is about ("steps.rate.output.amount" → "rate"), if it is about one. */
export function stepOfPath(path: string): string | null {
  const m = /^(?:steps|recordings)\.([A-Za-z0-9][A-Za-z0-9_.-]*?)(?:\.(?:status|port|output|error)\b|$)/.exec(path);
  if (m) return m[1]!;
  const bracket = /^(?:steps|recordings)\[["']?([^\]"']+)["']?\]/.exec(path);
  return bracket ? bracket[1]! : null;
}

/**
 * The node an error message speaks of: the first node id of the flow it names ("rate", “rate”, 'rate'), or,
 * failing that, the first node name it contains.
 */
export function stepOfError(message: string, nodes: readonly { id: string; name: string }[]): string | null {
  const byLength = [...nodes].sort((a, b) => b.id.length - a.id.length);
  for (const n of byLength) {
    const quoted = new RegExp(`["“'\`]${escapeRegExp(n.id)}["”'\`]|\\b(?:step|node) ${escapeRegExp(n.id)}\\b`);
    if (quoted.test(message)) return n.id;
  }
  for (const n of [...nodes].sort((a, b) => b.name.length - a.name.length))
    if (n.name.length > 2 && message.includes(n.name)) return n.id;
  return null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
