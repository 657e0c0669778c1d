import { RUN_STATUSES, type RunStatus } from '../../../shared/run.ts';

/** The run list filters as they live in the page's search params. */
export interface RunFilters {
  flowId: string;
  status: RunStatus | '';
  mode: 'live' | 'test' | '';
  /** datetime-local values (local time, minute precision). */
  from: string;
  to: string;
  q: string;
  /** A group of the failed-runs queue: the step the runs failed at and their error code. */
  nodeId: string;
  errorCode: string;
}

export const FILTER_KEYS = [
  'flowId',
  'status',
  'mode',
  'from',
  'to',
  'q',
  'nodeId',
  'errorCode',
] as const satisfies readonly (keyof RunFilters)[];
export const PAGE_SIZE = 50;

export function readFilters(params: URLSearchParams): RunFilters {
  const status = params.get('status') ?? '';
  const mode = params.get('mode') ?? '';
  return {
    flowId: params.get('flowId') ?? '',
    status: (RUN_STATUSES as readonly string[]).includes(status) ? (status as RunStatus) : '',
    mode: mode === 'live' || mode === 'test' ? mode : '',
    from: validLocal(params.get('from')),
    to: validLocal(params.get('to')),
    q: params.get('q') ?? '',
    nodeId: params.get('nodeId') ?? '',
    errorCode: params.get('errorCode') ?? '',
  };
}

export function hasFilters(f: RunFilters): boolean {
  return FILTER_KEYS.some((k) => f[k].trim() !== '');
}

/** The search params for `f`, leaving out empty filters and keeping unrelated params. */
export function writeFilters(params: URLSearchParams, f: RunFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of FILTER_KEYS) {
    if (f[k].trim() === '') next.delete(k);
    else next.set(k, f[k]);
  }
  return next;
}

/** The run list of one failed-runs group: its live failed runs, at that step with that error code. */
export function groupRunsLink(g: { flowId: string; nodeId: string | null; errorCode: string | null }): string {
  const q = new URLSearchParams({ flowId: g.flowId, status: 'failed', mode: 'live' });
  if (g.nodeId) q.set('nodeId', g.nodeId);
  if (g.errorCode) q.set('errorCode', g.errorCode);
  return `/runs?${q}`;
}

/** The GET /api/runs query for the filters (without the page cursor). */
export function apiQuery(f: RunFilters): string {
  const q = new URLSearchParams();
  if (f.flowId) q.set('flowId', f.flowId);
  if (f.status) q.set('status', f.status);
  if (f.mode) q.set('mode', f.mode);
  const from = localToMs(f.from);
  const to = localToMs(f.to);
  if (from !== null) q.set('from', String(from));
  if (to !== null) q.set('to', String(to));
  if (f.q.trim()) q.set('q', f.q.trim().slice(0, 200));
  if (f.nodeId) q.set('nodeId', f.nodeId);
  if (f.errorCode) q.set('errorCode', f.errorCode);
  q.set('limit', String(PAGE_SIZE));
  return q.toString();
}

/** A datetime-local value ("2026-01-05T09:30") as ms since epoch in the browser's time zone. */
export function localToMs(value: string): number | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : ms;
}

function validLocal(value: string | null): string {
  return value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value) && localToMs(value) !== null ? value : '';
}
