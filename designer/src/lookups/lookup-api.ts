import { api, enc } from '../api/client.ts';

export interface LookupSummary {
  name: string;
  version: number;
  updatedAt: number;
  updatedBy: string | null;
  entryCount: number;
}

export interface LookupTable extends LookupSummary {
  entries: { key: string; value: unknown }[];
}

/** A row as the editor holds it: the value as text; `json` when the stored value was not a string. */
export interface EditRow {
  id: number;
  key: string;
  text: string;
  json: boolean;
}

export const lookupPath = (name: string) => `/api/lookup-tables/${enc(name)}`;

export const listLookups = () => api.get<{ tables: LookupSummary[] }>('/api/lookup-tables').then((r) => r.tables);

let nextId = 1;
export const rowsOf = (t: LookupTable): EditRow[] =>
  t.entries.map((e) => ({
    id: nextId++,
    key: e.key,
    text: typeof e.value === 'string' ? e.value : JSON.stringify(e.value),
    json: typeof e.value !== 'string',
  }));
export const blankRow = (): EditRow => ({ id: nextId++, key: '', text: '', json: false });

/** A row's value to save: text, or the JSON it holds when the stored value was JSON and the text still is. */
export function entryValue(r: EditRow): unknown {
  if (!r.json) return r.text;
  try {
    return JSON.parse(r.text);
  } catch {
    return r.text;
  }
}

/** Saves a file in the browser. */
export function downloadText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
