import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import {
  findLossyNumber,
  formatPath,
  mayLosePrecision,
  mayNestDeeperThan,
  pathDeeperThan,
} from '../../shared/json-hazards.ts';

/**
 * Refuses a parsed JSON body (400) that lost a number's precision on the way in
 * or nests deeper than `maxDepth`. The cheap looks come first (mayLosePrecision,
 * a count of opening brackets); the exact checks run only when those cannot
 * rule a problem out.
 */
export function inspectJson(text: string, value: unknown, maxDepth: number): void {
  if (mayLosePrecision(text)) {
    const lossy = findLossyNumber(text);
    if (lossy) {
      const where = formatPath(lossy.path);
      throw new WeftError(
        ErrorCodes.badRequest,
        `the number at ${where} (${clip(lossy.number)}) cannot be kept exactly as a JSON number ` +
          '(whole numbers must be within ±(2^53 − 1), other numbers within the precision of a double); send it as a string',
        { details: { path: where, number: clip(lossy.number) } },
      );
    }
  }
  if (value !== null && typeof value === 'object' && mayNestDeeperThan(text, maxDepth)) {
    const deep = pathDeeperThan(value, maxDepth);
    if (deep) {
      const where = formatPath(deep);
      throw new WeftError(ErrorCodes.badRequest, `the JSON body nests deeper than ${maxDepth} levels (at ${where})`, {
        details: { path: where, maxDepth },
      });
    }
  }
}

/** JSON.parse that refuses (400) malformed text, numbers it would change and too deep nesting. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new WeftError(ErrorCodes.badRequest, `the body is not valid JSON: ${(err as Error).message}`);
  }
  inspectJson(text, value, maxDepth);
  return value;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
