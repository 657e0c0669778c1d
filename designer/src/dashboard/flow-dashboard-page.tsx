import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorBox, Loading } from '../ui/states.tsx';
import { duration, runsLink } from './links.ts';
import { NumberLink } from './number-link.tsx';
import { useFlowDashboard } from './queries.ts';
import { RangePicker } from './range-picker.tsx';
import { rangeSearch, readRange } from './range.ts';
import { RunsChart } from './runs-chart.tsx';
import './dashboard.css';

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{children}</div>
    </div>
  );
}

/** One flow over the range: runs over time, success rate, p50/p95, backlog, failures and SLA breaches. */
export function FlowDashboardPage() {
  const flowId = useParams().flowId ?? '';
  const [params, setParams] = useSearchParams();
  const range = readRange(params);
  const q = useFlowDashboard(flowId, range);
  const d = q.data;
  const r = d ? { from: d.from, to: d.to } : {};
  return (
    <main className="page dashboard-page">
      <div className="page-head">
        <h1>
          <Link to={`/dashboard?${rangeSearch(range)}`}>Dashboard</Link> › {d?.flow.name ?? flowId}
        </h1>
        <RangePicker value={range} shown={d} onChange={(v) => setParams(rangeSearch(v), { replace: true })} />
      </div>
      {q.isPending ? (
        <Loading what="the flow's dashboard" />
      ) : q.isError && !d ? (
        <ErrorBox title="The flow's dashboard could not be loaded" error={q.error} onRetry={() => q.refetch()} />
      ) : d ? (
        <>
          <p className="muted">
            {d.flow.businessProcess ?? 'No business process'} · {d.flow.criticality}
            {d.flow.owner ? ` · ${d.flow.owner}` : ''}
            {d.flow.maxDurationMs !== null ? ` · SLA ${duration(d.flow.maxDurationMs)}` : ''}
            {d.flow.freshnessMs !== null ? ` · a success every ${duration(d.flow.freshnessMs)}` : ''} ·{' '}
            <Link to={`/flows/${encodeURIComponent(flowId)}`}>Open the flow</Link>
          </p>
          <div className="stats">
            <Stat label="Success rate">{d.successRate === null ? '–' : `${(d.successRate * 100).toFixed(1)}%`}</Stat>
            <Stat label="Succeeded">
              <NumberLink
                n={d.flow.counts.succeeded}
                tone="ok"
                label="succeeded"
                to={runsLink({ flowId, status: 'succeeded', ...r })}
              />
            </Stat>
            <Stat label="Failed">
              <NumberLink
                n={d.flow.counts.failed}
                tone="bad"
                label="failed"
                to={runsLink({ flowId, status: 'failed', ...r })}
              />
            </Stat>
            <Stat label="p50 duration">{duration(d.p50Ms)}</Stat>
            <Stat label="p95 duration">{duration(d.p95Ms)}</Stat>
            <Stat label="Unfinished now">
              <NumberLink n={d.flow.counts.backlog} label="unfinished" to={runsLink({ flowId, status: 'running' })} />
            </Stat>
            <Stat label="Failed queue">
              <NumberLink
                n={d.flow.counts.failedQueue}
                tone="bad"
                label="in the failed-runs queue"
                to={`/runs/failed?flowId=${encodeURIComponent(flowId)}`}
              />
            </Stat>
            <Stat label="SLA breaches">
              <NumberLink
                n={d.flow.counts.slaBreaches}
                tone="bad"
                label="over the SLA's duration"
                to={runsLink({ flowId, ...r })}
              />
            </Stat>
          </div>
          <h2>Runs finished</h2>
          <RunsChart detail={d} />
          <h2>Failures by error and step</h2>
          {d.failures.length === 0 ? (
            <p className="muted">No failures in this range.</p>
          ) : (
            <table className="dash-table failures">
              <thead>
                <tr>
                  <th scope="col">Error code</th>
                  <th scope="col">Step</th>
                  <th scope="col" className="numeric">
                    Runs
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.failures.map((f) => (
                  <tr key={`${f.errorCode}:${f.nodeId}`}>
                    <td>
                      <code>{f.errorCode ?? '(none)'}</code>
                    </td>
                    <td>
                      <code>{f.nodeId ?? '(none)'}</code>
                    </td>
                    <td>
                      <NumberLink
                        n={f.count}
                        tone="bad"
                        label={`failed with ${f.errorCode ?? 'no code'} at ${f.nodeId ?? 'no step'}`}
                        to={runsLink({ flowId, status: 'failed', errorCode: f.errorCode, nodeId: f.nodeId, ...r })}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : null}
    </main>
  );
}
