import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useFlows } from '../api/queries.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { BulkResultPanel, type GroupOutcome } from './bulk-result.tsx';
import { describeGroup, type FailedGroup } from './failed-groups.ts';
import { FailedGroupsTable } from './failed-table.tsx';
import { GroupDialog, type GroupAsk } from './group-dialog.tsx';
import { OpenCircuitsPanel } from './open-circuits.tsx';
import { useGroupAction } from './operations.ts';
import { useFailedGroups } from './queries.ts';
import './runs.css';

/** The failed-runs queue: live runs that failed after their retries, grouped, and acted on a group at a time. */
export function FailedRunsPage() {
  const [params, setParams] = useSearchParams();
  const flowId = params.get('flowId') ?? '';
  const groups = useFailedGroups(flowId);
  const flows = useFlows();
  const act = useGroupAction();
  const [asking, setAsking] = useState<{ group: FailedGroup; ask: GroupAsk } | null>(null);
  const [outcome, setOutcome] = useState<GroupOutcome | null>(null);
  const flowNames = useMemo(() => new Map((flows.data ?? []).map((f) => [f.id, f.name])), [flows.data]);
  const nameOf = (id: string) => flowNames.get(id) ?? id;
  const setFlow = (id: string) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('flowId', id);
      else next.delete('flowId');
      return next;
    });
  const close = useCallback(() => setAsking(null), []);
  const total = groups.data?.reduce((n, g) => n + g.count, 0) ?? 0;
  const knownFlow = !flowId || flowNames.has(flowId);

  return (
    <main className="page failed-page">
      <div className="page-head">
        <h1>Failed runs</h1>
        {groups.data && groups.data.length > 0 && (
          <span className="muted">
            {total === 1 ? '1 run' : `${total} runs`} in{' '}
            {groups.data.length === 1 ? '1 group' : `${groups.data.length} groups`}
          </span>
        )}
        <div className="actions">
          <button type="button" onClick={() => groups.refetch()} aria-busy={groups.isFetching}>
            Refresh
          </button>
        </div>
      </div>
      <p className="muted failed-intro">
        Live runs that failed after their retries, grouped by flow, failing step and error. Once the cause is fixed,
        retry a whole group (with a patch on each run's input if the data was wrong), replay it from the trigger, or
        discard it with a reason.
      </p>
      <OpenCircuitsPanel />
      <search className="card runs-filters" aria-label="Filter failed runs">
        <div className="runs-filter">
          <label htmlFor="failed-flow">Flow</label>
          <select id="failed-flow" value={flowId} onChange={(e) => setFlow(e.target.value)}>
            <option value="">All flows</option>
            {!knownFlow && <option value={flowId}>{flowId}</option>}
            {(flows.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      </search>
      {outcome && <BulkResultPanel outcome={outcome} onDismiss={() => setOutcome(null)} />}
      {groups.isPending ? (
        <Loading what="failed runs" />
      ) : groups.isError && !groups.data ? (
        <ErrorBox title="The failed runs could not be loaded" error={groups.error} onRetry={() => groups.refetch()} />
      ) : groups.data.length === 0 ? (
        <Empty title={flowId ? `No failed runs of ${nameOf(flowId)}` : 'No failed runs'}>
          <p>Runs that fail after their retries appear here, grouped by flow, step and error.</p>
          {flowId && (
            <button type="button" onClick={() => setFlow('')}>
              Show all flows
            </button>
          )}
        </Empty>
      ) : (
        <>
          {groups.isRefetchError && (
            <p className="runs-stale" role="status">
              Could not refresh: {groups.error?.message}. Showing the last groups loaded.
            </p>
          )}
          <div className="runs-results" aria-busy={groups.isPlaceholderData}>
            <FailedGroupsTable
              groups={groups.data}
              flowNames={flowNames}
              onAsk={(group, ask) => setAsking({ group, ask })}
            />
          </div>
        </>
      )}
      {asking && (
        <GroupDialog
          group={asking.group}
          ask={asking.ask}
          flowName={nameOf(asking.group.flowId)}
          onClose={close}
          onSubmit={async (action, options) => {
            const { group } = asking;
            const result = await act.mutateAsync({ group, action, options });
            setAsking(null);
            setOutcome({ action, what: describeGroup(group, nameOf(group.flowId)), flowId: group.flowId, result });
          }}
        />
      )}
    </main>
  );
}
