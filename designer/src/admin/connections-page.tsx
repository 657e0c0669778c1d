import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import type { ConnectionView } from '../../../shared/connection.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { formatTime } from '../ui/format.ts';
import { useCan } from '../auth/session.tsx';
import { ConnectionDialog } from './connection-dialog.tsx';
import './admin.css';

interface TestResult {
  ok: boolean;
  status: number | null;
  ms: number;
  message: string;
}

const AUTH_LABEL: Record<string, string> = {
  none: 'None',
  bearer: 'Bearer token',
  basic: 'Basic',
  api_key: 'API key header',
  oauth2_client_credentials: 'OAuth2 client credentials',
};

/** Base URLs and credentials of the systems flows call; admins change them, everyone picks them in flows. */
export function ConnectionsPage() {
  const admin = useCan()('admin');
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['connections'],
    queryFn: () => api.get<{ connections: ConnectionView[] }>('/api/connections').then((r) => r.connections),
  });
  const [editing, setEditing] = useState<ConnectionView | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ConnectionView | null>(null);
  const [results, setResults] = useState<Record<string, TestResult | 'testing'>>({});
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const remove = useMutation({
    mutationFn: (id: string) => api.del(`/api/connections/${enc(id)}`),
    onSuccess: () => (setMessage({ text: 'Connection deleted' }), qc.invalidateQueries({ queryKey: ['connections'] })),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });
  const test = async (id: string) => {
    setResults((r) => ({ ...r, [id]: 'testing' }));
    const result = await api
      .post<TestResult>(`/api/connections/${enc(id)}/test`)
      .catch((e: Error) => ({ ok: false, status: null, ms: 0, message: e.message }));
    setResults((r) => ({ ...r, [id]: result }));
  };

  return (
    <main className="page admin-page">
      <div className="page-head">
        <h1>Connections</h1>
        <div className="actions">
          {admin && (
            <button type="button" className="primary" onClick={() => setEditing('new')}>
              Add connection
            </button>
          )}
        </div>
      </div>
      {message && (
        <p className={message.error ? 'admin-msg admin-msg-error' : 'admin-msg'} role="status">
          {message.text}
        </p>
      )}
      {list.isPending ? (
        <Loading what="connections" />
      ) : list.isError ? (
        <ErrorBox title="Connections could not be loaded" error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.length === 0 ? (
        <Empty title="No connections yet">
          A connection holds a system's base URL and credentials; HTTP steps pick it by name, so no secret lives in a
          flow.
        </Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Base URL</th>
              <th scope="col">Authentication</th>
              <th scope="col">Rate limit</th>
              <th scope="col">Used by</th>
              <th scope="col">Changed</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((c) => {
              const r = results[c.id];
              return (
                <tr key={c.id}>
                  <td>
                    <strong>{c.name}</strong>
                    <div className="muted mono">{c.id}</div>
                  </td>
                  <td className="mono">{c.baseUrl}</td>
                  <td>
                    {AUTH_LABEL[c.auth.type]}
                    {c.auth.type !== 'none' && (
                      <div className={c.auth.secretSet ? 'muted' : 'admin-warn'}>
                        {c.auth.secretSet ? 'secret stored' : 'no secret stored'}
                      </div>
                    )}
                  </td>
                  <td>{c.rateLimit ?? <span className="muted">—</span>}</td>
                  <td>{c.usedBy.length ? c.usedBy.join(', ') : <span className="muted">—</span>}</td>
                  <td>
                    {formatTime(c.updatedAt)}
                    {c.updatedBy && <div className="muted">{c.updatedBy}</div>}
                  </td>
                  <td className="row-actions">
                    {admin && (
                      <button
                        type="button"
                        className="small"
                        onClick={() => void test(c.id)}
                        disabled={r === 'testing'}
                      >
                        {r === 'testing' ? 'Testing…' : 'Test connection'}
                      </button>
                    )}
                    {admin && (
                      <button type="button" className="small" onClick={() => setEditing(c)}>
                        Edit
                      </button>
                    )}
                    {admin && (
                      <button type="button" className="small" onClick={() => setDeleting(c)}>
                        Delete
                      </button>
                    )}
                    {r && r !== 'testing' && <TestOutcome r={r} />}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <ConnectionDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(c, created) => {
          setEditing(null);
          setMessage({ text: created ? `Added ${c.name}` : `Saved ${c.name}` });
          void qc.invalidateQueries({ queryKey: ['connections'] });
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name}”?`}
        danger
        confirmLabel="Delete connection"
        message={<p>Its stored credentials are deleted too. Flows that use it must be changed first.</p>}
        onConfirm={() => (remove.mutate(deleting!.id), setDeleting(null))}
        onClose={() => setDeleting(null)}
      />
    </main>
  );
}

/** Green only for a real success; reachable but answering 4xx is a warning, not a pass. */
function TestOutcome({ r }: { r: TestResult }) {
  const tone = !r.ok ? 'bad' : r.status !== null && r.status >= 400 ? 'warn' : 'ok';
  return (
    <div className={`test-${tone}`} role="status">
      {{ ok: '✓', warn: '⚠', bad: '✗' }[tone]} {r.message}
      {r.status !== null ? ` · ${r.ms} ms` : ''}
    </div>
  );
}
