import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import type { RunView } from '../api/types.ts';
import { useCan } from '../auth/session.tsx';
import { JsonTree } from '../ui/json-tree.tsx';
import {
  bodyRunItem,
  canRetryItems,
  failedItemValue,
  itemText,
  loopsShown,
  progressText,
  type ItemValue,
  type LoopProgress,
} from './loop-items.ts';
import { OperationDialog } from './operation-dialog.tsx';
import { useRetryFailedItems } from './operations.ts';
import { nodesById, useRunDefinition } from './run-definition.ts';
import type { RunNotice } from './run-actions.tsx';
import { shortRunId } from './run-id.ts';

/** Failed items listed at once; the rest are counted (the loop step's output holds them all). */
const FAILED_SHOWN = 100;

/** Each loop step of the run: items done of all, running and failed, and the failed items with their errors. */
export function LoopProgressSection({ run, onNotice }: { run: RunView; onNotice: (n: RunNotice) => void }) {
  const nodes = nodesById(useRunDefinition(run));
  const loops = loopsShown(run);
  if (loops.length === 0) return null;
  return (
    <section className="run-section" aria-labelledby="run-loops">
      <h2 id="run-loops">{loops.length === 1 ? 'Loop' : 'Loops'}</h2>
      {loops.map((p) => (
        <LoopCard key={p.nodeId} run={run} p={p} name={nodes.get(p.nodeId)?.name || p.nodeId} onNotice={onNotice} />
      ))}
    </section>
  );
}

function LoopCard({
  run,
  p,
  name,
  onNotice,
}: {
  run: RunView;
  p: LoopProgress;
  name: string;
  onNotice: (n: RunNotice) => void;
}) {
  const can = useCan();
  // The failed items counted as the dialog opened: its words stay put while the page refreshes.
  const [asking, setAsking] = useState<number | null>(null);
  const retry = useRetryFailedItems(run.id, p.nodeId);
  const step = run.steps?.find((s) => s.nodeId === p.nodeId);
  const share = (n: number) => (p.total > 0 ? `${(100 * n) / p.total}%` : '0%');
  const headingId = `loop-${p.nodeId}`;
  const n = p.failed.length;
  return (
    <section className="card loop-card" aria-labelledby={headingId}>
      <div className="loop-head">
        <h3 id={headingId}>
          {name}
          {name !== p.nodeId && <span className="muted mono loop-node-id"> {p.nodeId}</span>}
        </h3>
        <p className="loop-count" role="status" aria-label={`Progress of loop ${p.nodeId}`}>
          {progressText(p)}
        </p>
        {can('operator') && canRetryItems(run, p) && (
          <button type="button" className="primary" onClick={() => setAsking(n)} aria-busy={retry.isPending}>
            Retry failed items
          </button>
        )}
      </div>
      <div
        className="loop-bar"
        role="progressbar"
        aria-label={`Items of loop ${p.nodeId} done`}
        aria-valuemin={0}
        aria-valuemax={p.total}
        aria-valuenow={p.done}
      >
        <span className="loop-bar-done" style={{ width: share(p.done) }} />
        <span className="loop-bar-failed" style={{ width: share(n) }} />
        <span className="loop-bar-running" style={{ width: share(p.running) }} />
      </div>
      {n > 0 && (
        <div className="table loop-failed">
          <table aria-label={`Failed items of loop ${p.nodeId}`}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Item
                </th>
                <th scope="col">Value</th>
                <th scope="col">Error</th>
                <th scope="col">Body run</th>
              </tr>
            </thead>
            <tbody>
              {p.failed.slice(0, FAILED_SHOWN).map((f) => (
                <tr key={f.runId}>
                  <td className="num mono">#{f.index}</td>
                  <td className="loop-item">
                    <FailedItem runId={f.runId} found={failedItemValue(step, f.index)} />
                  </td>
                  <td className="loop-error">
                    <code>{f.error.code}</code> {f.error.message}
                  </td>
                  <td>
                    <Link to={`/runs/${enc(f.runId)}`} className="mono" title={f.runId}>
                      {shortRunId(f.runId)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {n > FAILED_SHOWN && (
            <p className="muted">
              {n - FAILED_SHOWN} more failed items are not listed here; the loop step's output lists them all.
            </p>
          )}
        </div>
      )}
      {asking !== null && (
        <OperationDialog
          title={`Retry the failed items of ${name}?`}
          intro={
            <p>
              {asking === 1 ? 'The failed item runs' : `The ${asking} failed items run`} again from their failed step,
              with the same idempotency keys. Items that succeeded keep their results, and the steps after the loop run
              again with its new output.
            </p>
          }
          text={{ label: 'Note', help: 'Optional. Kept with the run.', placeholder: 'e.g. customers created in ERP' }}
          confirmLabel={asking === 1 ? 'Retry 1 item' : `Retry ${asking} items`}
          onSubmit={async ({ text }) => {
            const { items } = await retry.mutateAsync(text || undefined);
            setAsking(null);
            onNotice({ kind: 'info', text: `Retrying ${items === 1 ? '1 failed item' : `${items} failed items`}` });
          }}
          onClose={() => setAsking(null)}
        />
      )}
    </section>
  );
}

/** A failed item's value: from the loop step's output, else read from its body run's trigger event. */
function FailedItem({ runId, found }: { runId: string; found: ItemValue }) {
  const body = useQuery({
    queryKey: ['run', runId, 'item'] as const,
    queryFn: () => api.get<RunView>(`/api/runs/${enc(runId)}`).then((r) => bodyRunItem(r.trigger)),
    enabled: !found.known,
    staleTime: Infinity,
  });
  const item = found.known ? found : body.data;
  if (!item) return <span className="muted">{body.isError ? 'Not readable' : 'Loading…'}</span>;
  if (!item.known) return <span className="muted">Not recorded</span>;
  const v = item.value;
  if (v === null || typeof v !== 'object') return <code>{itemText(v)}</code>;
  return (
    <details className="loop-item-details">
      <summary>
        <code>{itemText(v)}</code>
      </summary>
      <JsonTree value={v} label={`Item of body run ${runId}`} expanded />
    </details>
  );
}
