/** Links from the dashboard's numbers to the run list, with the filters the runs page reads (runs/filters.ts). */

/** ms since epoch as a datetime-local value ("2026-01-05T09:30") in the browser's time zone. */
export function msToLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

export interface RunsLink {
  flowId?: string;
  status?: string;
  /** A time range of run creation; left out for what is going on now. */
  from?: number;
  to?: number;
  nodeId?: string | null;
  errorCode?: string | null;
}

/** The run list of live runs narrowed to `l`. The range is widened to whole minutes, as the datetime fields have it. */
export function runsLink(l: RunsLink): string {
  const q = new URLSearchParams({ mode: 'live' });
  if (l.flowId) q.set('flowId', l.flowId);
  if (l.status) q.set('status', l.status);
  if (l.from !== undefined) q.set('from', msToLocal(l.from));
  if (l.to !== undefined) q.set('to', msToLocal(l.to + 59_999));
  if (l.nodeId) q.set('nodeId', l.nodeId);
  if (l.errorCode) q.set('errorCode', l.errorCode);
  return `/runs?${q}`;
}

/** A duration for people: "850 ms", "4.2 s", "3.5 min", "2.1 h". */
export function duration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
