/** Trigger nodes output the body of the event that started the run. */
export function triggerBody(input: unknown): unknown {
  if (input && typeof input === 'object' && 'body' in input) return (input as { body: unknown }).body ?? null;
  return null;
}
