import { createHash } from 'node:crypto';
import type { RunState, TriggerEvent } from './run-state.ts';

/**
 * How step data is stored. A value that is the very object of the trigger body
 * or of another step's output is stored as a reference, so a pass-through never
 * copies a payload; a value larger than the inline cap is kept once per run in
 * run_payloads and referenced by its hash.
 */
export interface StoredValue {
  text: string;
  payload?: { hash: string; data: string };
}

const TRIGGER_REF = '{"$weftRef":"trigger"}';
const LITERAL = '$weftLiteral';

/**
 * Data shaped like a reference ({"$weftRef"}, {"$weftPayload","bytes"}) or like
 * a wrapper is stored wrapped as {"$weftLiteral": data}, so a payload can never
 * be read back as a reference to other data.
 */
function looksLikeMarker(v: object): boolean {
  return (
    (Object.hasOwn(v, '$weftRef') || Object.hasOwn(v, '$weftPayload') || Object.hasOwn(v, LITERAL)) &&
    Object.keys(v).length <= 2
  );
}

function unwrap(v: unknown): unknown {
  return v !== null && typeof v === 'object' && Object.hasOwn(v, LITERAL) && Object.keys(v).length === 1
    ? (v as Record<string, unknown>)[LITERAL]
    : v;
}

export function storeValue(rs: RunState, value: unknown, self: string, inlineCap: number): StoredValue {
  if (value !== null && typeof value === 'object') {
    if (value === rs.event.body) return { text: TRIGGER_REF };
    for (const id in rs.outputs)
      if (id !== self && rs.outputs[id] === value) return { text: JSON.stringify({ $weftRef: `step:${id}` }) };
    if (!Array.isArray(value) && looksLikeMarker(value)) value = { [LITERAL]: value };
  }
  const text = value === undefined ? 'null' : JSON.stringify(value);
  if (text.length <= inlineCap) return { text };
  const hash = createHash('sha256').update(text).digest('hex');
  return {
    text: JSON.stringify({ $weftPayload: hash, bytes: Buffer.byteLength(text) }),
    payload: { hash, data: text },
  };
}

/** Whether a stored value is a reference to a payload kept apart (the marker storeValue writes). */
export function isPayloadRef(text: string | null): boolean {
  return (text ?? '').startsWith('{"$weftPayload":');
}

export interface ValueLoader {
  trigger: () => unknown;
  step: (nodeId: string) => unknown;
  payload: (hash: string) => string | undefined;
}

/** Reads a stored value back, following references. */
export function loadValue(text: string | null, loader: ValueLoader): unknown {
  if (text === null) return undefined;
  const v = JSON.parse(text);
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && typeof v.$weftRef === 'string') {
      return v.$weftRef === 'trigger' ? loader.trigger() : loader.step(String(v.$weftRef).slice(5));
    }
    if (keys.length === 2 && typeof v.$weftPayload === 'string') {
      const data = loader.payload(v.$weftPayload);
      if (data === undefined) throw new Error(`payload ${v.$weftPayload} is missing`);
      return unwrap(JSON.parse(data));
    }
  }
  return unwrap(v);
}

/** The trigger event of a stored run; a body kept as raw bytes is parsed back into it. */
export function triggerEventOf(row: { trigger: string; triggerBody: Buffer | null }): TriggerEvent {
  const event = JSON.parse(row.trigger) as TriggerEvent;
  if (row.triggerBody) event.body = JSON.parse(row.triggerBody.toString('utf8'));
  return event;
}
