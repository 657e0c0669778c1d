import type { JsonSchema } from '../../api/types.ts';
import { JSON_SCHEMA_META } from '../../../../shared/canonical/ref.ts';
import { EXPRESSION_META } from '../../../../shared/flow.ts';
import { escapeLiteral, isExpressionString, unescapeLiteral } from '../../../../shared/expression-string.ts';

export type UiSchema = Record<string, unknown>;

export interface FormOptions {
  /** Offer the fixed/expression toggle (not on triggers: their config is read when the flow is activated). */
  expressions: boolean;
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean']);

function typesOf(s: JsonSchema): string[] {
  if (Array.isArray(s.type)) return s.type;
  return typeof s.type === 'string' ? [s.type] : [];
}

/** A free-form value: no type, a type union, or an object without declared properties. */
export function isFreeForm(s: JsonSchema): boolean {
  const t = typesOf(s);
  if (t.length === 0) return !s.enum && !s.anyOf && !s.oneOf;
  if (t.length > 1) return true;
  return t[0] === 'object' && !s.properties && !isStringMap(s);
}

/** An object whose values are all plain scalars (headers, query): the form library edits those as key/value rows. */
export function isStringMap(s: JsonSchema): boolean {
  const ap = s.additionalProperties as JsonSchema | boolean | undefined;
  if (!ap || typeof ap !== 'object' || s.properties) return false;
  const t = typesOf(ap);
  return t.length >= 1 && t.every((x) => SCALARS.has(x));
}

/** The config schema the form shows: the engine-level `retry` override has its own section. */
export function formSchemaOf(configSchema: JsonSchema): JsonSchema {
  const { $schema: _s, ...rest } = configSchema;
  const properties = { ...(rest.properties ?? {}) };
  delete properties.retry;
  return { ...rest, properties };
}

/**
 * uiSchema for a config schema: expression fields get the JSONata editor, free-form values a JSON editor
 * (with `jsonSchema: true` when the field holds a JSON Schema, so the editor offers the canonical models),
 * and every other field (with options.expressions) a toggle between a fixed value and an "=expression".
 */
export function buildUiSchema(schema: JsonSchema, options: FormOptions): UiSchema {
  return uiFor(schema, options, true);
}

const ACRONYMS: Record<string, string> = { url: 'URL', id: 'ID', http: 'HTTP', json: 'JSON', ms: '(ms)', mb: '(MB)' };

/** "idempotencyKey" → "Idempotency key", "timeoutMs" → "Timeout (ms)". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/);
  const out = words.map(
    (w, i) => ACRONYMS[w.toLowerCase()] ?? (i === 0 ? w[0].toUpperCase() + w.slice(1) : w.toLowerCase()),
  );
  return out.join(' ');
}

/** Labels and default hints for a property; defaults are shown, never written into the config. */
function labelled(ui: UiSchema, key: string, schema: JsonSchema): UiSchema {
  const title = (schema.title as string | undefined) ?? humanize(key);
  const out: UiSchema = { ...ui, 'ui:title': title };
  // Items of a list of objects are titled by the singular ("Rule", "Case") instead of "rules-1".
  if (ui.items && schema.items?.properties)
    out.items = { ...(ui.items as UiSchema), 'ui:title': title.replace(/s$/, '') };
  if (schema.default !== undefined && typeof schema.default !== 'object')
    out['ui:placeholder'] = `Default: ${String(schema.default)}`;
  return out;
}

/** Engine settings every node has: edited as plain values (the retry policy has its own section). */
const ENGINE_FIELDS = new Set(['onError', 'stepTimeoutMs']);

function uiFor(schema: JsonSchema, options: FormOptions, root: boolean): UiSchema {
  if (schema[EXPRESSION_META]) return { 'ui:field': 'jsonata' };
  if (schema['x-weft-connection']) return { 'ui:field': 'connection' };
  const t = typesOf(schema);
  if (!root && (schema[JSON_SCHEMA_META] || isFreeForm(schema))) {
    const json = schema[JSON_SCHEMA_META] ? { inner: 'json', jsonSchema: true } : { inner: 'json' };
    return { 'ui:field': options.expressions ? 'expressionable' : 'json', 'ui:options': json };
  }
  if (t[0] === 'object' && schema.properties) {
    const ui: UiSchema = {};
    for (const [k, s] of Object.entries(schema.properties))
      ui[k] = labelled(root && ENGINE_FIELDS.has(k) ? {} : uiFor(s, options, false), k, s);
    return ui;
  }
  if (t[0] === 'array' && schema.items)
    return { items: uiFor(schema.items, options, false), 'ui:options': { orderable: true } };
  if (root) return {};
  if (options.expressions && t.length === 1 && (SCALARS.has(t[0]) || isStringMap(schema)))
    return { 'ui:field': 'expressionable' };
  return {};
}

/** Turns a fixed value into the expression that yields it, so switching modes keeps what was typed. */
export function fixedToExpression(value: unknown): string {
  if (value === undefined || value === null || value === '') return '=';
  return '=' + JSON.stringify(typeof value === 'string' ? unescapeLiteral(value) : value);
}

/** Back from an expression: a literal expression becomes its value (a text stored so it stays a text); anything else clears the field. */
export function expressionToFixed(value: unknown): unknown {
  if (typeof value !== 'string' || (value !== '=' && !isExpressionString(value))) return value;
  try {
    const fixed: unknown = JSON.parse(value.slice(1));
    return typeof fixed === 'string' ? escapeLiteral(fixed) : fixed;
  } catch {
    return undefined;
  }
}

/** The schema handed to the form library: defaults removed, so an unset field stays unset (its default is the placeholder). */
export function withoutDefaults(schema: JsonSchema): JsonSchema {
  const { default: _d, ...rest } = schema;
  const out: JsonSchema = { ...rest };
  if (rest.properties)
    out.properties = Object.fromEntries(Object.entries(rest.properties).map(([k, s]) => [k, withoutDefaults(s)]));
  if (rest.items && typeof rest.items === 'object') out.items = withoutDefaults(rest.items);
  return out;
}
