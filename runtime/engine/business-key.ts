import { BUSINESS_KEY_MAX } from '../../shared/business.ts';
import { stripLeadingEquals } from '../../shared/expression-string.ts';
import type { EngineCore } from './engine-core.ts';
import type { RunState } from './run-state.ts';
import { bindingsOf } from './step-context.ts';

/** A run's business key, or why it has none (`error`); both null when its flow sets no businessKey. */
export interface BusinessKey {
  key: string | null;
  error: string | null;
}

const NONE: BusinessKey = { key: null, error: null };
const KINDS: Record<string, string> = { object: 'an object', boolean: 'a boolean', function: 'a function' };

/** The key an evaluated businessKey expression gives: a non-empty text or a finite number, as text. */
export function businessKeyFrom(value: unknown): BusinessKey {
  const refuse = (why: string): BusinessKey => ({ key: null, error: `the businessKey expression ${why}` });
  if (value === undefined || value === null) return refuse('gave no value (nothing at that path, or null)');
  if (typeof value === 'number')
    return Number.isFinite(value) ? { key: String(value), error: null } : refuse(`gave ${value}`);
  if (typeof value !== 'string')
    return refuse(
      `gave ${Array.isArray(value) ? 'an array' : (KINDS[typeof value] ?? `a ${typeof value}`)}, not a text or a number`,
    );
  if (value === '') return refuse('gave an empty text');
  if (value.length > BUSINESS_KEY_MAX)
    return refuse(`gave a text of ${value.length} characters (at most ${BUSINESS_KEY_MAX})`);
  return { key: value, error: null };
}

/**
 * The business key of a run being accepted: the flow's businessKey over the trigger body. A failing
 * expression or an unusable value leaves the run without a key (it runs all the same) and says why.
 */
export async function businessKeyOf(core: EngineCore, rs: RunState): Promise<BusinessKey> {
  const source = rs.plan.definition.settings?.businessKey;
  if (!source) return NONE;
  let found: BusinessKey;
  try {
    found = businessKeyFrom(await core.exprs.evaluate(stripLeadingEquals(source), rs.event.body, bindingsOf(rs)));
  } catch (err) {
    found = { key: null, error: `the businessKey expression failed: ${(err as Error).message}` };
  }
  if (found.error)
    core.logger.warn('the run has no business key', { runId: rs.id, flowId: rs.plan.flowId, error: found.error });
  return found;
}
