import type { FlowNode } from '../api/types.ts';

/** How to find the Idempotency-Key a step sent, from its node's config. */
export type SentKey =
  | { kind: 'none' }
  | { kind: 'fixed'; key: string }
  | { kind: 'expression'; source: string }
  | { kind: 'step'; key: string };

const CONNECTOR = 'connector.http';

/**
 * A connector sends its configured `idempotencyKey` (a fixed text or an expression), else an
 * Idempotency-Key header of its own, else the step's key; GET and HEAD send none. Other kinds send
 * nothing themselves: their step key is what code inside them may use.
 */
export function sentKeyOf(node: FlowNode | undefined, stepKey: string): SentKey {
  if (!node || node.type !== CONNECTOR) return { kind: 'step', key: stepKey };
  const c = node.config as { method?: unknown; idempotencyKey?: unknown; headers?: unknown };
  if (c.method === undefined || c.method === 'GET' || c.method === 'HEAD') return { kind: 'none' };
  const header = c.headers && typeof c.headers === 'object' ? Object.entries(c.headers).find(([k]) => k.toLowerCase() === 'idempotency-key')?.[1] : undefined;
  const configured = typeof c.idempotencyKey === 'string' ? c.idempotencyKey : typeof header === 'string' ? header : undefined;
  if (configured === undefined) return { kind: 'step', key: stepKey };
  if (configured.startsWith('==')) return { kind: 'fixed', key: configured.slice(1) };
  if (configured.startsWith('=') && configured.length > 1) return { kind: 'expression', source: configured.slice(1) };
  return { kind: 'fixed', key: configured };
}
