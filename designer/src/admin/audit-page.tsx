import { Fragment, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { Empty } from '../ui/states.tsx';
import { QueryTable } from '../ui/data-table.tsx';
import { TextField } from '../ui/form.tsx';
import { Notice, PageHead } from '../ui/page-head.tsx';
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
      <PageHead title="Audit log">
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
      </PageHead>
      <Notice
        message={
          verify && {
            text: verify.ok
              ? `The chain is intact: ${verify.entries} entries, last hash ${verify.lastHash.slice(0, 16)}…`
              : `The chain is broken at entry ${verify.seq}: ${verify.problem}`,
            error: !verify.ok,
          }
        }
      />
      <form className="audit-filters" onSubmit={(e) => (e.preventDefault(), setApplied(filters))}>
        <TextField
          label="Action"
          placeholder="e.g. flow. or run.retried"
          value={filters.action}
          onChange={(v) => setFilters({ ...filters, action: v })}
        />
        <TextField
          label="Who"
          placeholder="email or token name"
          value={filters.actor}
          onChange={(v) => setFilters({ ...filters, actor: v })}
        />
        <TextField
          label="Target"
          placeholder="flow, run or user id"
          value={filters.target}
          onChange={(v) => setFilters({ ...filters, target: v })}
        />
        <button type="submit">Filter</button>
      </form>
      <QueryTable
        query={list}
        what="the audit log"
        errorTitle="The audit log could not be loaded"
        empty={<Empty title="No entries match" />}
        className="audit-table"
        columns={['#', 'When', 'Who', 'Action', 'Target']}
        actions="Details"
        row={(e) => (
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
            {open === e.seq && <EntryDetail e={e} />}
          </Fragment>
        )}
      />
    </main>
  );
}

function EntryDetail({ e }: { e: AuditEntry }) {
  return (
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
  );
}
