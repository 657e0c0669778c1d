import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import { QueryView, RowButton, Table } from '../ui/data-table.tsx';
import { Notice, PageHead, type Message } from '../ui/page-head.tsx';
import { formatMb, formatTime } from '../ui/format.ts';
import {
  DEFAULT_POLICY_ID,
  type DatabaseSize,
  type PruneResult,
  type RetentionPolicy,
  type RetentionView,
} from '../../../shared/retention.ts';
import { RetentionDialog, type PolicyTarget } from './retention-dialog.tsx';
import './admin.css';

const load = () => api.get<RetentionView>('/api/retention');
const keepFor = (p: RetentionPolicy) => (p.days === null ? 'forever' : p.days === 1 ? '1 day' : `${p.days} days`);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function pruneSummary(r: PruneResult): string {
  const removed = `${plural(r.runsDeleted, 'run', 'runs')} deleted, payloads of ${plural(r.payloadsDropped, 'successful run', 'successful runs')} dropped`;
  return `${removed}, ${formatMb(r.bytesFreed)} returned to the disk; the database is now ${formatMb(r.database.bytes)}${r.complete ? '' : ' (stopped early)'}`;
}

/** Admins: how long each flow's run data is kept, pruning on demand, and the database size. */
export function RetentionPage() {
  const qc = useQueryClient();
  const view = useQuery({ queryKey: ['retention'], queryFn: load });
  const [editing, setEditing] = useState<PolicyTarget | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['retention'] });
  const prune = useMutation({
    mutationFn: () => api.post<PruneResult>('/api/retention/run'),
    onSuccess: (r) => (setMessage({ text: `Pruned: ${pruneSummary(r)}` }), refresh()),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });
  const reset = useMutation({
    mutationFn: (flowId: string) => api.del(`/api/retention/${enc(flowId)}`),
    onSuccess: () => (setMessage({ text: 'Policy removed' }), refresh()),
    onError: (e) => setMessage({ text: e.message, error: true }),
  });

  return (
    <main className="page admin-page">
      <PageHead title="Retention">
        <button
          type="button"
          className="primary"
          disabled={prune.isPending}
          aria-busy={prune.isPending}
          onClick={() => prune.mutate()}
        >
          Prune now
        </button>
      </PageHead>
      <Notice message={message} />
      <QueryView query={view} what="retention policies" errorTitle="Retention could not be loaded">
        {(data) => (
          <>
            <section aria-labelledby="db-h">
              <h2 id="db-h">Database</h2>
              <DatabaseFacts db={data.database} last={data.lastPrune} intervalMin={data.intervalMin} />
            </section>
            <section aria-labelledby="policies-h">
              <h2 id="policies-h">Policies</h2>
              <Table
                columns={['Flow', 'Keep finished runs', 'Payloads of successful runs', 'Policy']}
                actions="Actions"
              >
                <tr>
                  <td>
                    <strong>Default</strong> <span className="muted">— flows without their own policy</span>
                  </td>
                  <td>{keepFor(data.default)}</td>
                  <td>{data.default.keepSuccessPayloads ? 'kept' : 'dropped'}</td>
                  <td>
                    <span className="muted">
                      {data.default.updatedAt ? `set by ${data.default.updatedBy ?? 'unknown'}` : 'not set'}
                    </span>
                  </td>
                  <td className="row-actions">
                    <RowButton
                      label="Edit the default policy"
                      onClick={() => setEditing({ flowId: DEFAULT_POLICY_ID, title: 'Default', policy: data.default })}
                    >
                      Edit
                    </RowButton>
                    {data.default.updatedAt !== null && (
                      <RowButton label="Reset the default policy" onClick={() => reset.mutate(DEFAULT_POLICY_ID)}>
                        Keep forever
                      </RowButton>
                    )}
                  </td>
                </tr>
                {data.flows.map((f) => (
                  <tr key={f.flowId}>
                    <td>
                      {f.name} <span className="muted mono">{f.flowId}</span>
                    </td>
                    <td>{keepFor(f.policy)}</td>
                    <td>{f.policy.keepSuccessPayloads ? 'kept' : 'dropped'}</td>
                    <td>{f.source === 'flow' ? 'own' : <span className="muted">default</span>}</td>
                    <td className="row-actions">
                      <RowButton
                        label={`Edit the policy of ${f.name}`}
                        onClick={() => setEditing({ flowId: f.flowId, title: f.name, policy: f.policy })}
                      >
                        Edit
                      </RowButton>
                      {f.source === 'flow' && (
                        <RowButton label={`Use the default for ${f.name}`} onClick={() => reset.mutate(f.flowId)}>
                          Use default
                        </RowButton>
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
            </section>
          </>
        )}
      </QueryView>
      <RetentionDialog
        target={editing}
        onClose={() => setEditing(null)}
        onSaved={(text) => (setEditing(null), setMessage({ text }), refresh())}
      />
    </main>
  );
}

function DatabaseFacts({ db, last, intervalMin }: { db: DatabaseSize; last: PruneResult | null; intervalMin: number }) {
  return (
    <dl className="retention-facts">
      <div>
        <dt>Database size</dt>
        <dd>{formatMb(db.bytes)}</dd>
      </div>
      <div>
        <dt>On disk (with write-ahead log)</dt>
        <dd>{db.fileBytes === null ? 'in memory' : formatMb(db.fileBytes + (db.walBytes ?? 0))}</dd>
      </div>
      <div>
        <dt>Free pages</dt>
        <dd>
          {db.freelistPages.toLocaleString()}{' '}
          <span className="muted">({formatMb(db.freelistPages * db.pageSize)})</span>
        </dd>
      </div>
      <div>
        <dt>Space returned after pruning</dt>
        <dd>
          {db.autoVacuum === 'incremental'
            ? 'yes (incremental vacuum)'
            : 'no: freed pages are reused, the file does not shrink'}
        </dd>
      </div>
      <div>
        <dt>Background prune</dt>
        <dd>{intervalMin > 0 ? `every ${plural(intervalMin, 'minute', 'minutes')}` : 'off'}</dd>
      </div>
      <div>
        <dt>Last prune</dt>
        <dd>
          {last ? (
            <>
              {formatTime(last.finishedAt)} <span className="muted">by {last.by ?? 'the background job'}</span>
              <br />
              {pruneSummary(last)}
            </>
          ) : (
            <span className="muted">none yet</span>
          )}
        </dd>
      </div>
    </dl>
  );
}
