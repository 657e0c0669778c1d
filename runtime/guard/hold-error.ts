import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * The error that holds a step without failing it or using up an attempt: the
 * engine tries the step again after `retryAfterMs`.
 */
export function holdError(message: string, retryAfterMs: number, details: Record<string, unknown>): WeftError {
  return new WeftError(ErrorCodes.circuitOpen, message, { retryable: true, retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)), details });
}

export function seconds(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}
