import { Link, useSearchParams } from 'react-router';
import type { DashboardCounts, DashboardOverview } from '../../../shared/dashboard.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { duration, runsLink } from './links.ts';
import { NumberLink } from './number-link.tsx';
import { useDashboard } from './queries.ts';
import { RangePicker } from './range-picker.tsx';
import { rangeSearch, readRange, type RangeChoice } from './range.ts';
import './dashboard.css';

type Range = { from: number; to: number };

/** The numbers of one row (the estate, a business process or a flow), each a link to its runs. */
function Cells({ c, flowId, r }: { c: DashboardCounts; flowId?: string; r: Range }) {
  const failedQueue = flowId ? `/runs/failed?flowId=${encodeURIComponent(flowId)}` : '/runs/failed';
  return (
    <>
      <td>
        <NumberLink n={c.succeeded} tone="ok" label="succeeded" to={runsLink({ flowId, status: 'succeeded', ...r })} />
      </td>
      <td>
        <NumberLink n={c.failed} tone="bad" label="failed" to={runsLink({ flowId, status: 'failed', ...r })} />
      </td>
      <td>
        <NumberLink n={c.retrying} tone="warn" label="retrying now" to={runsLink({ flowId, status: 'running' })} />
      </td>
      <td>
        <NumberLink n={c.waiting} label="waiting now" to={runsLink({ flowId })} />
      </td>
      <td>
        <NumberLink
          n={c.heldByCircuit}
          tone="warn"
          label="held by an open circuit"
          to={runsLink({ flowId, status: 'running' })}
        />
      </td>
      <td>
        <NumberLink n={c.backlog} label="unfinished" to={runsLink({ flowId, status: 'running' })} />
      </td>
      <td>
        <NumberLink n={c.failedQueue} tone="bad" label="in the failed-runs queue" to={failedQueue} />
      </td>
      <td>
        <NumberLink n={c.slaBreaches} tone="bad" label="over the SLA's duration" to={runsLink({ flowId, ...r })} />
      </td>
      <td>
        <NumberLink
          n={c.silent}
          tone="bad"
          label="silent past freshness"
          to={runsLink({ flowId, status: 'succeeded' })}
        />
      </td>
    </>
  );
}

const HEAD = [
  'Succeeded',
  'Failed',
  'Retrying',
  'Waiting',
  'Held by circuit',
  'Unfinished',
  'Failed queue',
  'SLA breaches',
  'Silent',
];

function Overview({ data, range }: { data: DashboardOverview; range: RangeChoice }) {
  const r = { from: data.from, to: data.to };
  return (
    <>
      {data.openCircuits.length > 0 && (
        <div className="circuits-banner" role="status">
          <strong>Open circuits:</strong> {data.openCircuits.map((c) => c.host).join(', ')}
        </div>
      )}
      <div className="table-wrap">
        <table className="dash-table">
          <thead>
            <tr>
              <th scope="col">Business process · flow</th>
              {HEAD.map((h) => (
                <th key={h} scope="col" className="numeric">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="estate">
              <th scope="row">All flows</th>
              <Cells c={data.counts} r={r} />
            </tr>
            {data.groups.map((g) => [
              <tr key={`${g.criticality}:${g.businessProcess}`} className="group">
                <th scope="row">
                  <span className={`crit crit-${g.criticality}`}>{g.criticality}</span>{' '}
                  {g.businessProcess ?? 'No business process'}
                </th>
                <Cells c={g.counts} r={r} />
              </tr>,
              ...g.flows.map((f) => (
                <tr key={f.flowId} className="flow">
                  <th scope="row">
                    <Link to={`/dashboard/flows/${encodeURIComponent(f.flowId)}?${rangeSearch(range)}`}>{f.name}</Link>
                    {!f.active && <span className="muted"> (inactive)</span>}
                    {f.maxDurationMs !== null && <span className="muted sla"> SLA {duration(f.maxDurationMs)}</span>}
                  </th>
                  <Cells c={f.counts} flowId={f.flowId} r={r} />
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The estate at a glance: runs by end in the range and what is going on now, by business process. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range = readRange(params);
  const q = useDashboard(range);
  return (
    <main className="page dashboard-page">
      <div className="page-head">
        <h1>Dashboard</h1>
        <RangePicker value={range} shown={q.data} onChange={(v) => setParams(rangeSearch(v), { replace: true })} />
      </div>
      {q.isPending ? (
        <Loading what="the dashboard" />
      ) : q.isError && !q.data ? (
        <ErrorBox title="The dashboard could not be loaded" error={q.error} onRetry={() => q.refetch()} />
      ) : q.data.groups.length === 0 ? (
        <Empty title="No flows yet">
          <p>Create and activate a flow: its runs show here as they finish.</p>
        </Empty>
      ) : (
        <Overview data={q.data} range={range} />
      )}
    </main>
  );
}
