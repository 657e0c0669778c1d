/**
 * Which config fields the inspector shows at once and which wait in collapsed sections: the common
 * path (method, connection, URL, body; a webhook's path) stays on one screen.
 */
export interface Section {
  id: string;
  title: string;
  fields: readonly string[];
}

export const SECTIONS: readonly Section[] = [
  {
    id: 'more',
    title: 'More options',
    fields: ['headers', 'query', 'fullResponse', 'timeoutMs', 'accept', 'dedupe', 'verify', 'echoQuery', 'sign'],
  },
  {
    id: 'reliability',
    title: 'Errors, retries and idempotency',
    fields: ['onError', 'stepTimeoutMs', 'idempotencyKey', 'compensate'],
  },
];

const FOLDED = new Set(SECTIONS.flatMap((s) => s.fields));

/** The fields of `properties` shown at once (in schema order), and each section with the fields it holds here. */
export function splitFields(properties: readonly string[]): {
  main: string[];
  sections: (Section & { present: string[] })[];
} {
  return {
    main: properties.filter((p) => !FOLDED.has(p)),
    sections: SECTIONS.map((s) => ({ ...s, present: s.fields.filter((f) => properties.includes(f)) })),
  };
}

/** How many of `fields` the config sets: shown on a closed section so nothing set there goes unnoticed. */
export function countSet(config: Record<string, unknown>, fields: readonly string[]): number {
  return fields.filter((f) => {
    const v = config[f];
    return v !== undefined && v !== '' && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0);
  }).length;
}
