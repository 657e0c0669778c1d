import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import type { ConnectionView } from '../../../shared/connection.ts';
import { Empty } from '../ui/states.tsx';
import { QueryTable, RowButton } from '../ui/data-table.tsx';
import { Notice, PageHead, type Message } from '../ui/page-head.tsx';
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
  ssh_key: 'SSH key',
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
  const [message, setMessage] = useState<Message | null>(null);
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
      <PageHead title="Connections">
        {admin && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            Add connection
          </button>
        )}
      </PageHead>
      <Notice message={message} />
      <QueryTable
        query={list}
        what="connections"
        errorTitle="Connections could not be loaded"
        empty={
          <Empty title="No connections yet">
            A connection holds a system's base URL and credentials; HTTP steps pick it by name, so no secret lives in a
            flow.
          </Empty>
        }
        columns={['Name', 'Base URL', 'Authentication', 'Rate limit', 'Used by', 'Changed']}
        actions="Actions"
        row={(c) => {
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
                  <>
                    <RowButton onClick={() => void test(c.id)} disabled={r === 'testing'}>
                      {r === 'testing' ? 'Testing…' : 'Test connection'}
                    </RowButton>
                    <RowButton onClick={() => setEditing(c)}>Edit</RowButton>
                    <RowButton onClick={() => setDeleting(c)}>Delete</RowButton>
                  </>
                )}
                {r && r !== 'testing' && <TestOutcome r={r} />}
              </td>
            </tr>
          );
        }}
      />
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
