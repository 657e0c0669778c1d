import { WeftError, ErrorCodes } from '../../shared/errors.ts';

export type Scalar = string | number | boolean;

/** `{name}` in a URL: where a path parameter goes. */
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names of a URL, in order. */
export function placeholdersOf(url: string): string[] {
  return [...url.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/**
 * Fills the `{name}` placeholders of a URL, each value encoded as one path segment: "/", "?", "#"
 * and "%" are escaped, so a value can neither climb to another resource nor start a query. Values
 * that a URL would still read as a step ("." and "..") or that empty the segment are refused.
 */
export function fillPath(url: string, params: Record<string, Scalar>): string {
  return url.replace(PLACEHOLDER, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = String(params[name]);
    if (value === '')
      throw new WeftError(
        ErrorCodes.config,
        `pathParams.${name} is empty; the URL would name the collection instead of one item`,
        { retryable: false },
      );
    if (value === '.' || value === '..')
      throw new WeftError(
        ErrorCodes.config,
        `pathParams.${name} is "${value}", which the URL would read as a step up the path`,
        { retryable: false },
      );
    return encodeURIComponent(value);
  });
}

/** Appends query parameters (encoded by URLSearchParams); a list repeats the parameter. */
export function appendQuery(url: URL, query: Record<string, Scalar | Scalar[]>): void {
  for (const [k, v] of Object.entries(query))
    for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, String(item));
}
