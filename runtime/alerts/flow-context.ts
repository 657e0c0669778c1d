import { CRITICALITIES, DEFAULT_CRITICALITY, type Criticality } from '../../shared/business.ts';

/** What alerts read of a flow's definition: its name, business context and service levels. */
export interface FlowContext {
  flowId: string;
  name: string;
  businessProcess: string | null;
  criticality: Criticality;
  owner: string | null;
  /** settings.sla.maxDurationMs: a run should finish within this. */
  maxDurationMs: number | null;
  /** settings.sla.freshnessMs: a run should succeed at least this often. */
  freshnessMs: number | null;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const positive = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** Reads a definition's settings without trusting their shape: a missing or odd value is left out (criticality: normal). */
export function flowContext(def: { id: string; name?: unknown; settings?: unknown }): FlowContext {
  const s = (def.settings ?? {}) as Record<string, unknown>;
  const sla = (s.sla ?? {}) as Record<string, unknown>;
  const c = s.criticality;
  return {
    flowId: def.id,
    name: text(def.name) ?? def.id,
    businessProcess: text(s.businessProcess),
    criticality: CRITICALITIES.includes(c as Criticality) ? (c as Criticality) : DEFAULT_CRITICALITY,
    owner: text(s.owner),
    maxDurationMs: positive(sla.maxDurationMs),
    freshnessMs: positive(sla.freshnessMs),
  };
}

/** A run row's business key, when the store has the column and the run has a key. */
export function businessKeyOf(row: object): string | null {
  return text((row as { businessKey?: unknown }).businessKey);
}
