import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, enc } from '../api/client.ts';
import { Empty } from '../ui/states.tsx';
import { QueryTable, RowButton } from '../ui/data-table.tsx';
import { Notice, PageHead, type Message } from '../ui/page-head.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { StatusBadge } from '../ui/status-badge.tsx';
import { formatTime } from '../ui/format.ts';
import type { AlertChannel, AlertRule } from '../../../shared/alerts.ts';
import type { DeliveryView, IncidentView } from '../../../shared/alert-history.ts';
import { AlertRuleDialog, describeRule } from './alert-rule-dialog.tsx';
import { AlertChannelDialog } from './alert-channel-dialog.tsx';
import './admin.css';
import './alerts.css';

const INCIDENT_BADGE = { open: 'failed', pending: 'waiting', resolved: 'succeeded' } as const;
const DELIVERY_BADGE = { sent: 'succeeded', pending: 'retrying', failed: 'failed' } as const;

type Deleting = { what: 'rule'; item: AlertRule } | { what: 'channel'; item: AlertChannel };

/** Admins: what is watched (rules), where notifications go (channels), and what happened (incidents). */
export function AlertsPage() {
  const qc = useQueryClient();
  const [status, setStatus] = useState('');
  const incidents = useQuery({
    queryKey: ['alert-incidents', status],
    queryFn: () =>
      api
        .get<{ incidents: IncidentView[] }>(`/api/alerts/incidents${status ? `?status=${enc(status)}` : ''}`)
        .then((r) => r.incidents),
    refetchInterval: 15_000,
  });
  const rules = useQuery({
    queryKey: ['alert-rules'],
    queryFn: () => api.get<{ rules: AlertRule[] }>('/api/alerts/rules').then((r) => r.rules),
  });
  const channels = useQuery({
    queryKey: ['alert-channels'],
    queryFn: () => api.get<{ channels: AlertChannel[] }>('/api/alerts/channels').then((r) => r.channels),
  });
  const [rule, setRule] = useState<AlertRule | 'new' | null>(null);
  const [channel, setChannel] = useState<AlertChannel | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Deleting | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const refresh = () => qc.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('alert-') });
  const remove = useMutation({
    mutationFn: (d: Deleting) => api.del(`/api/alerts/${d.what}s/${enc(d.item.id)}`),
    onSuccess: (_, d) => (setMessage({ text: `${d.what === 'rule' ? 'Rule' : 'Channel'} deleted` }), refresh()),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });
  const channelName = (id: string) => channels.data?.find((c) => c.id === id)?.name ?? id;

  return (
    <main className="page admin-page">
      <PageHead title="Alerts">
        <button type="button" onClick={() => setChannel('new')}>
          Add channel
        </button>
        <button type="button" className="primary" onClick={() => setRule('new')} disabled={!channels.data?.length}>
          Add rule
        </button>
      </PageHead>
      <Notice message={message} />
      <section aria-labelledby="incidents-h">
        <div className="section-head">
          <h2 id="incidents-h">Incidents</h2>
          <label className="alert-filter">
            Status{' '}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">all</option>
              <option value="open">open</option>
              <option value="pending">pending</option>
              <option value="resolved">resolved</option>
            </select>
          </label>
        </div>
        <QueryTable
          query={incidents}
          what="incidents"
          errorTitle="Incidents could not be loaded"
          empty={
            <Empty title="No incidents">When a rule's condition holds, its incident and notifications show here.</Empty>
          }
          columns={['Status', 'What', 'Business key', 'Since', 'Notifications']}
          row={(i) => (
            <tr key={i.id}>
              <td>
                <StatusBadge status={INCIDENT_BADGE[i.status]} label={i.status} />
              </td>
              <td>
                <div>{i.detail.summary}</div>
                <div className="muted">
                  {i.ruleName}
                  {i.detail.criticality && ` · ${i.detail.criticality}`}
                  {i.detail.businessProcess && ` · ${i.detail.businessProcess}`}
                  {i.detail.runId && (
                    <>
                      {' · '}
                      <Link to={`/runs/${enc(i.detail.runId)}`}>run</Link>
                    </>
                  )}
                </div>
              </td>
              <td className="mono">{i.detail.businessKey ?? <span className="muted">—</span>}</td>
              <td>
                {formatTime(i.since)}
                {i.resolvedAt !== null && <div className="muted">resolved {formatTime(i.resolvedAt)}</div>}
              </td>
              <td>
                <Deliveries deliveries={i.deliveries} channelName={channelName} />
              </td>
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="rules-h">
        <h2 id="rules-h">Rules</h2>
        <QueryTable
          query={rules}
          what="rules"
          errorTitle="Rules could not be loaded"
          empty={
            <Empty title="No rules yet">
              {channels.data?.length ? 'Add a rule to be told' : 'Add a channel first, then a rule to be told'} when
              runs fail, slow down, stop or pile up.
            </Empty>
          }
          columns={['Rule', 'Watches', 'Notifies', 'Repeat']}
          actions="Actions"
          row={(r) => (
            <tr key={r.id}>
              <td>
                {r.name} {!r.enabled && <span className="muted">(off)</span>}
              </td>
              <td>{describeRule(r)}</td>
              <td>{r.channelIds.map(channelName).join(', ')}</td>
              <td>{r.repeatMinutes === null ? 'once' : `every ${r.repeatMinutes} min`}</td>
              <EditDelete
                what="rule"
                name={r.name}
                onEdit={() => setRule(r)}
                onDelete={() => setDeleting({ what: 'rule', item: r })}
              />
            </tr>
          )}
        />
      </section>
      <section aria-labelledby="channels-h">
        <h2 id="channels-h">Channels</h2>
        <QueryTable
          query={channels}
          what="channels"
          errorTitle="Channels could not be loaded"
          empty={
            <Empty title="No channels yet">
              A channel is a signed webhook, a Slack incoming webhook or an email address list.
            </Empty>
          }
          columns={['Channel', 'Kind', 'Sends to', 'Used by']}
          actions="Actions"
          row={(c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{c.kind}</td>
              <td className="mono">{sendsTo(c)}</td>
              <td>{c.usedBy.length ? `${c.usedBy.length} rule${c.usedBy.length > 1 ? 's' : ''}` : '—'}</td>
              <EditDelete
                what="channel"
                name={c.name}
                onEdit={() => setChannel(c)}
                onDelete={() => setDeleting({ what: 'channel', item: c })}
              />
            </tr>
          )}
        />
      </section>
      <AlertRuleDialog
        rule={rule}
        channels={channels.data ?? []}
        onClose={() => setRule(null)}
        onSaved={(text) => (setRule(null), setMessage({ text }), refresh())}
      />
      <AlertChannelDialog
        channel={channel}
        onClose={() => setChannel(null)}
        onSaved={(text) => (setChannel(null), setMessage({ text }), refresh())}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.what ?? ''}`}
        message={`Delete ${deleting?.what} "${deleting?.item.name}"?${deleting?.what === 'rule' ? ' Its incidents stay in the history.' : ''}`}
        confirmLabel="Delete"
        danger
        onConfirm={() => (deleting && remove.mutate(deleting), setDeleting(null))}
        onClose={() => setDeleting(null)}
      />
    </main>
  );
}

/** The Edit and Delete buttons of a rule's or a channel's row. */
function EditDelete({
  what,
  name,
  onEdit,
  onDelete,
}: {
  what: string;
  name: string;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <td className="row-actions">
      <RowButton label={`Edit ${what} ${name}`} onClick={onEdit}>
        Edit
      </RowButton>
      <RowButton label={`Delete ${what} ${name}`} onClick={onDelete}>
        Delete
      </RowButton>
    </td>
  );
}

function sendsTo(c: AlertChannel): string {
  const s = c.settings as { url?: string; to?: string[]; host?: string; port?: number };
  if (c.kind === 'webhook') return s.url ?? '';
  if (c.kind === 'slack') return c.secretSet ? 'Slack incoming webhook' : 'no URL';
  return `${(s.to ?? []).join(', ')} via ${s.host}:${s.port}`;
}

function Deliveries({ deliveries, channelName }: { deliveries: DeliveryView[]; channelName: (id: string) => string }) {
  if (deliveries.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="alert-deliveries">
      {deliveries.map((d) => (
        <li key={d.id}>
          <StatusBadge status={DELIVERY_BADGE[d.status]} label={d.status} /> {d.event} → {channelName(d.channelId)}
          {d.attempts > 1 && <span className="muted"> ({d.attempts} attempts)</span>}
          {d.status !== 'sent' && d.lastError && <div className="alert-error">{d.lastError}</div>}
          {d.status === 'pending' && d.nextAttemptAt !== null && (
            <div className="muted">next try {formatTime(d.nextAttemptAt)}</div>
          )}
        </li>
      ))}
    </ul>
  );
}
