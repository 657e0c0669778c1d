import { setOwn } from '../../shared/own-property.ts';

/** Trigger nodes output the body of the event that started the run. */
export function triggerBody(input: unknown): unknown {
  if (input && typeof input === 'object' && 'body' in input) return (input as { body: unknown }).body ?? null;
  return null;
}

/** What a webhook accepts when its trigger names no content types: JSON (application/json and every +json type). */
export const DEFAULT_ACCEPT: readonly string[] = ['application/json'];

/** A media type as a trigger's `accept` list names it: "type/subtype", "type/*" or "*\/*", lower case. */
export const MEDIA_RANGE = /^(\*\/\*|[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*))$/;

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/;

/** "application/json" and the structured "+json" types (application/problem+json, application/vnd.x+json). */
export const isJsonMediaType = (mediaType: string): boolean => JSON_TYPE.test(mediaType);

/** "Text/Plain; charset=UTF-8" → { mediaType: "text/plain", charset: "utf-8" }. */
export function mediaTypeOf(contentType: string | undefined): { mediaType: string; charset: string | null } {
  const [type, ...params] = (contentType ?? '').split(';');
  let charset: string | null = null;
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?\s*$/i.exec(p);
    if (m) charset = m[1]!.toLowerCase();
  }
  return { mediaType: type!.trim().toLowerCase(), charset };
}

/** Whether `accept` lets a body of `mediaType` in; "application/json" stands for every JSON type. */
export function acceptsMediaType(accept: readonly string[], mediaType: string): boolean {
  return accept.some(
    (a) =>
      a === '*/*' ||
      a === mediaType ||
      (a.endsWith('/*') && mediaType.startsWith(a.slice(0, -1))) ||
      (a === 'application/json' && isJsonMediaType(mediaType)),
  );
}

/**
 * An application/x-www-form-urlencoded body as an object: a name sent once is a string, a name sent
 * again collects its values in an array. Names such as "__proto__" stay plain fields.
 */
export function formFields(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = Object.hasOwn(out, name) ? out[name] : undefined;
    if (seen === undefined) setOwn(out, name, value);
    else if (Array.isArray(seen)) seen.push(value);
    else setOwn(out, name, [seen, value]);
  }
  return out;
}
