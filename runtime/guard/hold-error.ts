import { WeftError, ErrorCodes } from '../../shared/errors.ts';

/**
 * The error that holds a step without failing it or using up an attempt: the
 * engine tries the step again after `retryAfterMs`.
 */
export function holdError(message: string, retryAfterMs: number, details: Record<string, unknown>): WeftError {
  return new WeftError(ErrorCodes.circuitOpen, message, {
    retryable: true,
    retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)),
    details,
  });
}

export function seconds(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

/** A wait in the largest unit that keeps it readable: "90s", "5 min", "3 h", "4018 days". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'forever';
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
