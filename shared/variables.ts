import { z } from 'zod';

/**
 * Environment variables: non-secret settings of one installation (an ERP company code, a base URL, a
 * threshold) that expressions read as `$env.NAME`. Secrets belong in connections, never here: values are
 * shown to every signed-in user and written into the audit log as they are.
 */

/** UPPER_SNAKE: a capital letter, then capitals, digits and "_", 64 characters at most. */
export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;
/** Longest value, in bytes of UTF-8. */
export const VARIABLE_MAX_VALUE_BYTES = 4096;
/** Longest description, in characters. */
export const VARIABLE_MAX_DESCRIPTION = 500;

export const VARIABLE_NAME_RULE =
  'a variable name is UPPER_SNAKE: a capital letter, then up to 63 capitals, digits and "_" (e.g. ERP_COMPANY)';

export const variableName = z.string().regex(VARIABLE_NAME, VARIABLE_NAME_RULE);

/** The body of PUT /api/variables/{name}. */
export const variableInput = z
  .object({
    value: z.string({ error: 'value must be a string (write numbers and flags as text: "250", "true")' }),
    description: z
      .string()
      .max(VARIABLE_MAX_DESCRIPTION, `a description holds at most ${VARIABLE_MAX_DESCRIPTION} characters`)
      .optional(),
  })
  .strict();
export type VariableInput = z.infer<typeof variableInput>;

/** A variable as the API lists it. */
export interface Variable {
  name: string;
  value: string;
  description: string;
  updatedAt: number;
  updatedBy: string | null;
}

/** Why a value cannot be stored (too long, a NUL character), or null when it can. */
export function valueProblem(value: string): string | null {
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > VARIABLE_MAX_VALUE_BYTES)
    return `the value is ${bytes} bytes; a variable holds at most ${VARIABLE_MAX_VALUE_BYTES} bytes`;
  if (value.includes('\u0000')) return 'the value holds a NUL character (\\u0000), which cannot be stored';
  return null;
}
