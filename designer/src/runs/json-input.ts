export type JsonInput = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads JSON typed by a person; `object` insists on a JSON object (a merge patch that keeps the rest of the input). */
export function parseJsonInput(text: string, object = false): JsonInput {
  if (text.trim() === '')
    return { ok: false, message: object ? 'Enter a JSON object, e.g. {"path": "orders"}.' : 'Enter a JSON value.' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
  }
  if (object && (value === null || typeof value !== 'object' || Array.isArray(value))) {
    return {
      ok: false,
      message: 'The patch must be a JSON object: its fields replace the same fields of each input, null removes one.',
    };
  }
  return { ok: true, value };
}

/** A value as pretty JSON for editing. */
export function toJsonText(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}
