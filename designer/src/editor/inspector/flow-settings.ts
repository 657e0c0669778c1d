import type { FlowSettings } from '../../../../shared/flow.ts';

/** Settings with one key set, or removed when the value is undefined. */
export function withSetting<K extends keyof FlowSettings>(
  settings: FlowSettings | undefined,
  key: K,
  value: FlowSettings[K] | undefined,
): FlowSettings {
  const next = { ...settings };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** A text field's value as a setting: blank is unset. */
export const textSetting = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/** A number field's value as a setting: blank is unset. */
export const numberSetting = (value: string): number | undefined => (value === '' ? undefined : Number(value));

const UNITS: [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

/** Milliseconds as the two largest whole units, e.g. 5_400_000 → "1 h 30 min"; below a second, "250 ms". */
export function readableMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const i = UNITS.findIndex(([size]) => ms >= size);
  if (i < 0) return `${ms} ms`;
  const [size, unit] = UNITS[i];
  const first = `${Math.floor(ms / size)} ${unit}`;
  const next = UNITS[i + 1];
  const second = next ? Math.floor((ms % size) / next[0]) : 0;
  return second > 0 ? `${first} ${second} ${next![1]}` : first;
}
