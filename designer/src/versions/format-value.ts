/** A value as JSON: one line when short, indented when long. */
export function formatValue(value: unknown): string {
  const line = JSON.stringify(value);
  if (line === undefined) return String(value);
  return line.length > 60 && typeof value === 'object' && value !== null ? JSON.stringify(value, null, 2) : line;
}
