import { Fragment, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { formatTime } from '../ui/format.ts';
import './admin.css';

interface AuditEntry {
  seq: number;
  at: number;
  actorKind: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  hash: string;
}
type Verify =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; seq: number; problem: string };

const queryOf = (f: Record<string, string>, extra: Record<string, string> = {}) =>
  new URLSearchParams(Object.entries({ ...f, ...extra }).filter(([, v]) => v !== '')).toString();

/** Admins: who changed what and when, filtered, exported, and checked against its hash chain. */
export function AuditPage() {
  const [filters, setFilters] = useState({ action: '', actor: '', target: '' });
  const [applied, setApplied] = useState(filters);
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['audit', applied],
    queryFn: () =>
      api.get<{ entries: AuditEntry[] }>(`/api/audit?${queryOf(applied, { limit: '500' })}`).then((r) => r.entries),
  });
  const [verify, setVerify] = useState<Verify | null>(null);
  const check = async () => setVerify(await api.get<Verify>('/api/audit/verify'));

  return (
    <main className="page admin-page">
      <div className="page-head">
        <h1>Audit log</h1>
        <div className="actions">
          <button type="button" onClick={() => void check()}>
            Verify chain
          </button>
          <a
            className="button"
            href={`/api/audit?${queryOf(applied, { format: 'csv', limit: '10000' })}`}
            download="weft-audit.csv"
          >
            Export CSV
          </a>
          <a className="button" href={`/api/audit?${queryOf(applied, { limit: '10000' })}`} download="weft-audit.json">
            Export JSON
          </a>
        </div>
      </div>
      {verify && (
        <p className={verify.ok ? 'admin-msg' : 'admin-msg admin-msg-error'} role="status">
          {verify.ok
            ? `The chain is intact: ${verify.entries} entries, last hash ${verify.lastHash.slice(0, 16)}…`
            : `The chain is broken at entry ${verify.seq}: ${verify.problem}`}
        </p>
      )}
      <form className="audit-filters" onSubmit={(e) => (e.preventDefault(), setApplied(filters))}>
        <label>
          Action
          <input
            placeholder="e.g. flow. or run.retried"
            value={filters.action}
            onChange={(e) => setFilters({ ...filters, action: e.target.value })}
          />
        </label>
        <label>
          Who
          <input
            placeholder="email or token name"
            value={filters.actor}
            onChange={(e) => setFilters({ ...filters, actor: e.target.value })}
          />
        </label>
        <label>
          Target
          <input
            placeholder="flow, run or user id"
            value={filters.target}
            onChange={(e) => setFilters({ ...filters, target: e.target.value })}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {list.isPending ? (
        <Loading what="the audit log" />
      ) : list.isError ? (
        <ErrorBox title="The audit log could not be loaded" error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No entries match" />
      ) : (
        <table className="table audit-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((e) => (
              <Fragment key={e.seq}>
                <tr>
                  <td className="mono">{e.seq}</td>
                  <td>{formatTime(e.at)}</td>
                  <td>{e.actorName ?? <span className="muted">{e.actorKind ?? 'system'}</span>}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td className="mono">{e.target ?? ''}</td>
                  <td>
                    <button
                      type="button"
                      className="small ghost"
                      aria-expanded={open === e.seq}
                      onClick={() => setOpen(open === e.seq ? null : e.seq)}
                    >
                      Details
                    </button>
                  </td>
                </tr>
                {open === e.seq && (
                  <tr className="audit-detail">
                    <td colSpan={6}>
                      {(['before', 'after', 'detail'] as const)
                        .filter((k) => e[k] !== null)
                        .map((k) => (
                          <div key={k}>
                            <h3>{k}</h3>
                            <pre>{JSON.stringify(e[k], null, 2)}</pre>
                          </div>
                        ))}
                      <p className="muted mono">hash {e.hash}</p>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
