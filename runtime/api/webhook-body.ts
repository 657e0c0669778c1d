import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import { acceptsMediaType, formFields, isJsonMediaType, mediaTypeOf } from '../../nodes/trigger/body.ts';
import { parseJsonBody } from './json-body.ts';
import { decodeUtf8 } from './utf8.ts';

export interface ParsedBody {
  body: unknown;
  /** The raw bytes are the body's JSON text (stored as received). */
  isJson: boolean;
}

const UTF8 = new Set(['utf-8', 'utf8', 'us-ascii']);

/**
 * A webhook body as its trigger accepts it. Without a Content-Type a body is taken for JSON. A type
 * outside the trigger's `accept` list gets 415; JSON is parsed (and guarded), a form becomes an object
 * of fields, anything else accepted is text. Every body must be UTF-8 (400 naming the first bad byte).
 */
export function parseWebhookBody(
  raw: Buffer,
  contentType: string | undefined,
  accept: readonly string[],
  maxDepth: number,
): ParsedBody {
  if (raw.length === 0) return { body: null, isJson: false };
  const { mediaType: declared, charset } = mediaTypeOf(contentType);
  const mediaType = declared || 'application/json';
  if (!acceptsMediaType(accept, mediaType))
    throw new WeftError(
      'unsupported_media_type',
      `this webhook does not accept ${mediaType} bodies; it accepts ${accept.join(', ')}`,
      {
        details: { contentType: mediaType, accepted: accept },
      },
    );
  if (charset && !UTF8.has(charset))
    throw new WeftError('unsupported_media_type', `bodies must be UTF-8; the Content-Type names charset ${charset}`, {
      details: { charset },
    });
  const text = decodeUtf8(raw);
  if (isJsonMediaType(mediaType)) return { body: parseJsonBody(text, maxDepth), isJson: true };
  if (mediaType === 'application/x-www-form-urlencoded') return { body: formBody(text), isJson: false };
  return { body: text, isJson: false };
}

function formBody(text: string): Record<string, string | string[]> {
  const fields = formFields(text);
  // Percent-escapes decode leniently; a field that did not decode to UTF-8 holds U+FFFD.
  const replaced = (s: string) => s.includes('\uFFFD');
  if (!replaced(text) && [...Object.keys(fields), ...Object.values(fields).flat()].some(replaced))
    throw new WeftError(ErrorCodes.badRequest, 'a form field is not valid UTF-8 once its percent-escapes are decoded');
  return fields;
}
