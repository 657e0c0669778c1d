import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, type FieldError } from './errors.ts';

/** Turns zod issues into field errors named by their dotted path. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys')
      return i.keys.map((k) => ({ field: [...i.path, k].join('.'), message: 'unknown field' }));
    return [{ field: i.path.join('.') || '(body)', message: i.message }];
  });
}

/** Parses a value against a schema or throws 400 `invalid_request` naming the fields. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const fields = fieldErrors(r.error.issues);
  const first = fields[0];
  throw new ApiError(400, 'invalid_request', `${what} is invalid: ${first.field}: ${first.message}`, { fields });
}

/** Reads the JSON body (400 `invalid_json` when it is not JSON) and validates it. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = text.trim() === '' ? undefined : JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `request body is not valid JSON: ${(e as Error).message}`);
  }
  if (value === undefined) throw new ApiError(400, 'invalid_json', 'request body is empty; expected a JSON object');
  return parseWith(schema, value);
}

/** Validates query parameters (all strings) against a schema. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parseWith(schema, c.req.query(), 'query');
}
