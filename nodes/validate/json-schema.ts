import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type AnyAjv = Ajv | Ajv2019 | Ajv2020;
// ajv-formats is CommonJS with a `default` property; the import shape differs between bundlers.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: AnyAjv) => AnyAjv;

const engines = new Map<string, AnyAjv>();
function engineFor(schema: Record<string, unknown>): AnyAjv {
  const dialect = String(schema.$schema ?? '');
  const name = dialect.includes('2020-12') ? '2020' : dialect.includes('2019-09') ? '2019' : '7';
  let ajv = engines.get(name);
  if (!ajv) {
    const opts = { allErrors: true, strict: false };
    ajv = name === '2020' ? new Ajv2020(opts) : name === '2019' ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(ajv);
    engines.set(name, ajv);
  }
  return ajv;
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
    const ajv = engineFor(schema);
    try {
      fn = ajv.compile(schema);
    } finally {
      // Ajv caches by object identity and $id; drop it so fresh objects do not pile up or clash.
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
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): Array<{ path: string; message: string; keyword: string }> {
  return (errors ?? []).map((e) => {
    let path = e.instancePath;
    const p = e.params as { missingProperty?: string; additionalProperty?: string };
    if (e.keyword === 'required' && p.missingProperty !== undefined) path += '/' + escapePointer(p.missingProperty);
    if (e.keyword === 'additionalProperties' && p.additionalProperty !== undefined) path += '/' + escapePointer(p.additionalProperty);
    return { path: path || '/', message: e.message ?? e.keyword, keyword: e.keyword };
  });
}
