import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { canonicalSchemas, CANONICAL_PREFIX, CANONICAL_DEFINITIONS } from '../../shared/canonical/index.ts';
import { linearPattern } from '../../shared/linear-regex.ts';

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
// ajv-formats is CommonJS with a `default` property; the import shape differs between bundlers.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: AnyAjv,
) => AnyAjv;

/** `pattern` and `patternProperties` match on RE2, in time linear in the input, whatever the pattern. */
const linearRegExp = Object.assign(
  (pattern: string) => {
    const re = linearPattern(pattern);
    return { test: (s: string) => re.test(s), toString: () => `/${pattern}/` };
  },
  { code: 'linearRegExp' },
);

const engines = new Map<string, AnyAjv>();
function engineFor(schema: Record<string, unknown>): AnyAjv {
  const dialect = String(schema.$schema ?? '');
  const name = dialect.includes('2020-12') ? '2020' : dialect.includes('2019-09') ? '2019' : '7';
  let ajv = engines.get(name);
  if (!ajv) {
    const opts = { allErrors: true, strict: false, code: { regExp: linearRegExp } };
    ajv = name === '2020' ? new Ajv2020(opts) : name === '2019' ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(ajv);
    addCanonical(ajv, name === '7');
    engines.set(name, ajv);
  }
  return ajv;
}

/**
 * Every engine knows the canonical schemas by their $id, so `{ "$ref": "canonical:Project" }` works in any dialect.
 * They are written in draft-07 using only keywords that mean the same in 2019-09 and 2020-12, so the newer
 * engines take them without their `$schema` (an Ajv2020 instance cannot hold draft-07 schemas).
 */
function addCanonical(ajv: AnyAjv, draft07: boolean) {
  for (const schema of Object.values(canonicalSchemas)) {
    const { $schema: _dialect, ...rest } = schema as Record<string, unknown>;
    ajv.addSchema(draft07 ? schema : rest);
  }
}

const canonicalModels = () =>
  Object.keys(canonicalSchemas)
    .filter((n) => n !== CANONICAL_DEFINITIONS)
    .join(', ');

/** The first `$id` in the schema that claims the reserved canonical prefix (it would replace or shadow a canonical schema). */
function reservedId(schema: unknown, depth = 0): string | null {
  if (typeof schema !== 'object' || schema === null || depth > 64) return null;
  const id = (schema as { $id?: unknown }).$id;
  if (typeof id === 'string' && id.startsWith(CANONICAL_PREFIX)) return id;
  for (const v of Object.values(schema)) {
    const hit = reservedId(v, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** Ajv's "can't resolve reference" said in terms of the canonical model, when that is what is missing. */
function explainMissingRef(err: unknown): Error | null {
  const { missingRef, missingSchema } = err as { missingRef?: string; missingSchema?: string };
  if (typeof missingRef !== 'string' || !missingRef.startsWith(CANONICAL_PREFIX)) return null;
  const name = (missingSchema ?? missingRef).slice(CANONICAL_PREFIX.length).split('#')[0];
  if (!Object.hasOwn(canonicalSchemas, name))
    return new Error(`unknown canonical model "${name}" in $ref "${missingRef}"; known models: ${canonicalModels()}`);
  const hash = missingRef.indexOf('#');
  return new Error(
    `$ref "${missingRef}": ${CANONICAL_PREFIX}${name} has no ${hash >= 0 ? missingRef.slice(hash) : 'such part'}`,
  );
}

const byObject = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();
const MAX_BY_TEXT = 256;

/** Compiles (once) a JSON Schema; throws Ajv's error when it is not a valid schema. */
export function compileJsonSchema(schema: Record<string, unknown>): ValidateFunction {
  const hit = byObject.get(schema);
  if (hit) return hit;
  const text = JSON.stringify(schema);
  let fn = byText.get(text);
  if (fn) {
    byText.delete(text); // keep recently used entries at the end
  } else {
    const reserved = reservedId(schema);
    if (reserved)
      throw new Error(`$id "${reserved}" uses the reserved prefix "${CANONICAL_PREFIX}" of the canonical data model`);
    const ajv = engineFor(schema);
    try {
      fn = ajv.compile(schema);
    } catch (err) {
      throw explainMissingRef(err) ?? err;
    } finally {
      // Ajv caches by object identity and $id; drop it so fresh objects do not pile up or clash.
      // (This never removes a canonical schema: their $ids are refused above.)
      try {
        ajv.removeSchema(schema);
      } catch {
        /* never added */
      }
    }
  }
  byText.set(text, fn);
  if (byText.size > MAX_BY_TEXT) byText.delete(byText.keys().next().value!);
  byObject.set(schema, fn);
  return fn;
}

/** The reason a JSON Schema does not compile, or null when it does (for static validation). */
export function checkJsonSchema(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'a JSON Schema must be an object';
  try {
    compileJsonSchema(schema as Record<string, unknown>);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Ajv errors as { path, message, keyword }, the path naming the missing or extra property too. */
export function describeAjvErrors(
  errors: ErrorObject[] | null | undefined,
): Array<{ path: string; message: string; keyword: string }> {
  return (errors ?? []).map((e) => {
    let path = e.instancePath;
    const p = e.params as { missingProperty?: string; additionalProperty?: string };
    if (e.keyword === 'required' && p.missingProperty !== undefined) path += '/' + escapePointer(p.missingProperty);
    if (e.keyword === 'additionalProperties' && p.additionalProperty !== undefined)
      path += '/' + escapePointer(p.additionalProperty);
    return { path: path || '/', message: e.message ?? e.keyword, keyword: e.keyword };
  });
}
