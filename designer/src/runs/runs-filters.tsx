import { useEffect, useRef, useState } from 'react';
import { RUN_STATUSES } from '../../../shared/run.ts';
import type { FlowSummary } from '../api/types.ts';
import type { RunFilters } from './filters.ts';

const SEARCH_DELAY_MS = 300;
const STATUS_LABELS: Record<string, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  timed_out: 'Timed out',
  discarded: 'Discarded',
  waiting_approval: 'Waiting for approval',
  compensating: 'Compensating',
  compensated: 'Compensated',
};

/** The filter bar of the run list. Text search is applied after a short pause in typing. */
export function RunsFilters({
  filters,
  flows,
  onChange,
}: {
  filters: RunFilters;
  flows: FlowSummary[];
  onChange: (patch: Partial<RunFilters>, replace?: boolean) => void;
}) {
  const [text, setText] = useState(filters.q);
  const applied = useRef(filters.q);
  const apply = (q: string, replace: boolean) => {
    applied.current = q;
    onChange({ q }, replace);
  };
  useEffect(() => {
    if (filters.q === applied.current) return;
    applied.current = filters.q;
    setText(filters.q);
  }, [filters.q]);
  useEffect(() => {
    if (text === applied.current) return;
    const t = setTimeout(() => {
      applied.current = text;
      onChange({ q: text }, true);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [text, onChange]);
  const knownFlow = !filters.flowId || flows.some((f) => f.id === filters.flowId);

  return (
    <search aria-label="Filter runs">
      <form className="card runs-filters" onSubmit={(e) => (e.preventDefault(), apply(text, false))}>
        <div className="runs-filter runs-filter-q">
          <label htmlFor="runs-q">Search business key or payload</label>
          <input
            id="runs-q"
            type="search"
            value={text}
            maxLength={200}
            placeholder="e.g. INV-1042"
            title="Finds the runs of every flow whose business key is exactly this, and, among the newest 10,000 runs matching the other filters, the runs whose trigger event, correlation id or dedupe key holds it"
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="runs-filter">
          <label htmlFor="runs-flow">Flow</label>
          <select id="runs-flow" value={filters.flowId} onChange={(e) => onChange({ flowId: e.target.value })}>
            <option value="">All flows</option>
            {!knownFlow && <option value={filters.flowId}>{filters.flowId}</option>}
            {flows.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <div className="runs-filter">
          <label htmlFor="runs-status">Status</label>
          <select
            id="runs-status"
            value={filters.status}
            onChange={(e) => onChange({ status: e.target.value as RunFilters['status'] })}
          >
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s] ?? s}
              </option>
            ))}
          </select>
        </div>
        <div className="runs-filter">
          <label htmlFor="runs-mode">Mode</label>
          <select
            id="runs-mode"
            value={filters.mode}
            onChange={(e) => onChange({ mode: e.target.value as RunFilters['mode'] })}
          >
            <option value="">Live and test</option>
            <option value="live">Live</option>
            <option value="test">Test</option>
          </select>
        </div>
        <div className="runs-filter">
          <label htmlFor="runs-from">Started from</label>
          <input
            id="runs-from"
            type="datetime-local"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => onChange({ from: e.target.value })}
          />
        </div>
        <div className="runs-filter">
          <label htmlFor="runs-to">Started before</label>
          <input
            id="runs-to"
            type="datetime-local"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => onChange({ to: e.target.value })}
          />
        </div>
        {(filters.nodeId || filters.errorCode) && (
          <p className="runs-group-filter" role="status">
            Only runs that failed
            {filters.nodeId && (
              <>
                {' '}
                at step <code>{filters.nodeId}</code>
              </>
            )}
            {filters.errorCode && (
              <>
                {' '}
                with error <code>{filters.errorCode}</code>
              </>
            )}
            <button type="button" className="small" onClick={() => onChange({ nodeId: '', errorCode: '' })}>
              Show all steps and errors
            </button>
          </p>
        )}
      </form>
    </search>
  );
}
