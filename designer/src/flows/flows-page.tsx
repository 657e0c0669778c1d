import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { keys, useFlows } from '../api/queries.ts';
import type { Draft, FlowDefinition, FlowSummary } from '../api/types.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { StatusBadge } from '../ui/status-badge.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { Toast } from '../ui/toast.tsx';
import { useCan } from '../auth/session.tsx';
import { formatTime, timeAgo } from '../ui/format.ts';
import { downloadJson } from '../ui/download.ts';
import { CreateFlowDialog } from './create-flow-dialog.tsx';
import { uniqueId } from './flow-ids.ts';
import './flows.css';

function FlowStatus({ f }: { f: FlowSummary }) {
  if (f.activeVersion) return <StatusBadge status="active" label={`Active v${f.activeVersion}`} />;
  if (f.latestVersion) return <StatusBadge status="published" label={`Published v${f.latestVersion}`} />;
  return <StatusBadge status="draft" label="Draft only" />;
}

export function FlowsPage() {
  const can = useCan();
  // Opening a flow is what comes next: the editor's code loads while the list is read.
  useEffect(() => {
    void import('../editor/editor-page.tsx');
  }, []);
  const flows = useFlows();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const fileInput = useRef<HTMLInputElement>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<FlowSummary | null>(null);
  const [notice, setNotice] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: keys.flows });
  const fail = (what: string) => (e: Error) => setNotice({ kind: 'error', text: `${what}: ${e.message}` });
  const taken = () => new Set((flows.data ?? []).map((f) => f.id));

  const duplicate = async (f: FlowSummary) => {
    try {
      const d = await api.get<Draft>(`/api/flows/${enc(f.id)}`);
      const id = uniqueId(`${f.id}-copy`, taken());
      await api.post(`/api/flows`, { ...d.definition, id, name: `${d.definition.name} (copy)` });
      refresh();
      setNotice({ kind: 'info', text: `Duplicated as “${d.definition.name} (copy)”` });
    } catch (e) {
      fail('Not duplicated')(e as Error);
    }
  };
  const exportFlow = async (f: FlowSummary) => {
    try {
      const d = await api.get<Draft>(`/api/flows/${enc(f.id)}`);
      downloadJson(`${f.id}.json`, d.definition);
    } catch (e) {
      fail('Not exported')(e as Error);
    }
  };
  const importFile = async (file: File) => {
    try {
      let def: FlowDefinition;
      try {
        def = JSON.parse(await file.text());
      } catch (e) {
        throw new Error(`${file.name} is not valid JSON (${(e as Error).message})`);
      }
      if (def && typeof def === 'object' && taken().has(def.id)) def = { ...def, id: uniqueId(def.id, taken()) };
      await api.post(`/api/flows`, def);
      refresh();
      setNotice({ kind: 'info', text: `Imported “${def.name}”` });
    } catch (e) {
      fail('Not imported')(e as Error);
    }
  };
  const remove = async (f: FlowSummary) => {
    setDeleting(null);
    try {
      await api.del(`/api/flows/${enc(f.id)}`);
      refresh();
      setNotice({ kind: 'info', text: `Deleted “${f.name}”` });
    } catch (e) {
      fail('Not deleted')(e as Error);
    }
  };

  return (
    <main className="page">
      <div className="page-head">
        <h1>Flows</h1>
        <div className="actions">
          <button type="button" onClick={() => fileInput.current?.click()}>
            Import JSON
          </button>
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label="Flow file to import"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) importFile(f);
            }}
          />
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New flow
          </button>
        </div>
      </div>
      {flows.isPending ? (
        <Loading what="flows" />
      ) : flows.error ? (
        <ErrorBox title="Flows could not be loaded" error={flows.error} onRetry={() => flows.refetch()} />
      ) : flows.data.length === 0 ? (
        <Empty title="No flows yet">
          Create a flow to connect your CRM, contract, PSA, ERP and billing systems, or import a flow file.
          <div className="empty-actions">
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              New flow
            </button>
          </div>
        </Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Last run</th>
              <th>Failures (24 h)</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.data.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={`/flows/${enc(f.id)}`} className="flow-link">
                    {f.name}
                  </Link>
                  <div className="muted mono">{f.id}</div>
                </td>
                <td>
                  <FlowStatus f={f} />
                </td>
                <td>
                  {f.lastRun ? (
                    <Link to={`/runs/${f.lastRun.id}`} title={formatTime(f.lastRun.createdAt)}>
                      <StatusBadge status={f.lastRun.status} /> {timeAgo(f.lastRun.createdAt)}
                    </Link>
                  ) : (
                    <span className="muted">Never</span>
                  )}
                </td>
                <td>
                  {f.failuresLast24h > 0 ? (
                    <Link to={`/runs?flowId=${enc(f.id)}&status=failed&mode=live`} className="fail-count">
                      {f.failuresLast24h}
                    </Link>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="small"
                      onClick={() => duplicate(f)}
                      aria-label={`Duplicate ${f.name}`}
                    >
                      Duplicate
                    </button>
                    <button
                      type="button"
                      className="small"
                      onClick={() => exportFlow(f)}
                      aria-label={`Export ${f.name}`}
                    >
                      Export
                    </button>
                    {can('operator') && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => setDeleting(f)}
                        aria-label={`Delete ${f.name}`}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateFlowDialog
        open={creating}
        taken={taken()}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          refresh();
          navigate(`/flows/${enc(id)}`);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name}”?`}
        danger
        confirmLabel="Delete flow"
        message={
          <p>
            The draft and every published version are removed. Run history stays. An active flow must be deactivated
            first.
          </p>
        }
        onConfirm={() => deleting && remove(deleting)}
        onClose={() => setDeleting(null)}
      />
      {notice && <Toast notice={notice} onDone={() => setNotice(null)} />}
    </main>
  );
}
