import { z } from 'zod';

/** C0 and C1 control characters, DEL included (NUL, line breaks, escapes). */
export const CONTROL_CHARS = /\p{Cc}/u;

/** A one-line name people read: trimmed, without control characters. */
export function plainName(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');
}

/** Why a name is not one line of plain text, or null when it is. */
export function nameProblem(name: string, max: number): string | null {
  if (CONTROL_CHARS.test(name)) return 'must not contain control characters';
  if (name.trim().length > max) return `must be at most ${max} characters`;
  return null;
}
