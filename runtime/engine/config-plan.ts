import type { z } from 'zod';
import { isExpressionString, stripLeadingEquals, unescapeLiteral } from '../../shared/expression-string.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { getOwn, setOwn } from '../../shared/own-property.ts';
import type { ExpressionCache, ExpressionBindings } from './expressions.ts';

/** Where an "=expression" sits inside a node's config. */
export interface ExpressionSlot {
  path: (string | number)[];
  source: string;
}

/**
 * A node config prepared once per version: either fully static (parsed once),
 * or a template whose "=expression" slots are filled per step.
 */
export interface ConfigPlan {
  staticConfig?: unknown;
  template?: unknown;
  slots: ExpressionSlot[];
  schema: z.ZodType;
}

/** Keys never resolved: they configure the engine, not the node's work. */
const ENGINE_KEYS = new Set(['retry', 'onError', 'stepTimeoutMs', 'compensate']);

export function findExpressionSlots(config: unknown, skip: (path: (string | number)[]) => boolean): ExpressionSlot[] {
  const out: ExpressionSlot[] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (skip(path)) return;
    if (isExpressionString(v)) out.push({ path, source: v.slice(1) });
    else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(config, []);
  return out;
}

export function buildConfigPlan(
  config: Record<string, unknown>,
  schema: z.ZodType,
  alwaysExpression: (path: (string | number)[]) => boolean,
): ConfigPlan {
  const slots = findExpressionSlots(
    config,
    (p) => (p.length === 1 && ENGINE_KEYS.has(String(p[0]))) || alwaysExpression(p),
  );
  const template = unescapeAll(config, alwaysExpression);
  if (slots.length === 0) {
    const parsed = schema.safeParse(template);
    // An invalid static config fails when the step runs, with the zod message.
    return parsed.success ? { staticConfig: parsed.data, slots, schema } : { template, slots, schema };
  }
  return { template, slots, schema };
}

export async function resolveConfig(
  plan: ConfigPlan,
  input: unknown,
  exprs: ExpressionCache,
  bindings: ExpressionBindings,
): Promise<unknown> {
  if (plan.staticConfig !== undefined) return plan.staticConfig;
  let cfg = plan.template;
  if (plan.slots.length > 0) {
    cfg = copyContainers(plan.template);
    for (const slot of plan.slots) {
      let value: unknown;
      try {
        value = await exprs.evaluate(slot.source, input, bindings);
      } catch (err) {
        const e = err as WeftError;
        throw new WeftError(e.code ?? ErrorCodes.expression, `config.${slot.path.join('.')}: ${e.message}`, {
          details: e.details,
        });
      }
      setAt(cfg, slot.path, value);
    }
  }
  const parsed = plan.schema.safeParse(cfg);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    throw new WeftError(ErrorCodes.config, `config.${first?.path ?? ''}: ${first?.message ?? 'invalid'}`, {
      details: { issues },
    });
  }
  return parsed.data;
}

/** Copies the objects and arrays of a config template (not its leaf values), so slots can be filled in. */
function copyContainers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyContainers);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, copyContainers(x));
    return out;
  }
  return v;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): void {
  if (path.length === 0) return;
  let cur = root as object;
  for (let i = 0; i < path.length - 1; i++) cur = getOwn(cur, path[i]) as object;
  setOwn(cur, path[path.length - 1], value);
}

/** "==x" is the literal "=x" everywhere except in always-expression fields. */
function unescapeAll(
  v: unknown,
  alwaysExpression: (path: (string | number)[]) => boolean,
  path: (string | number)[] = [],
): unknown {
  if (path.length > 0 && alwaysExpression(path)) return typeof v === 'string' ? stripLeadingEquals(v) : v;
  if (typeof v === 'string') return unescapeLiteral(v);
  if (Array.isArray(v)) return v.map((x, i) => unescapeAll(x, alwaysExpression, [...path, i]));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) setOwn(out, k, unescapeAll(x, alwaysExpression, [...path, k]));
    return out;
  }
  return v;
}
