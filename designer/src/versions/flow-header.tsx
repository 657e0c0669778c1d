import { useMemo } from 'react';
import type { Draft } from '../api/types.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { useCan } from '../auth/session.tsx';
import { useVersionDefinition } from './api.ts';
import { deepEqual, diffDefinitions, isEmptyDiff } from '../../../shared/flow-diff.ts';

/** Whether the draft holds anything the latest version does not. */
function DraftState({ flowId, draft, latest }: { flowId: string; draft: Draft; latest: number | null }) {
  const latestDef = useVersionDefinition(flowId, latest);
  const state = useMemo(() => {
    if (!latestDef.data) return null;
    if (deepEqual(latestDef.data.definition, draft.definition)) return 'same';
    return isEmptyDiff(diffDefinitions(latestDef.data.definition, draft.definition)) ? 'layout' : 'changed';
  }, [latestDef.data, draft.definition]);
  if (latest === null) return <span className="muted">Never published</span>;
  if (state === 'same') return <span className="muted">Draft matches v{latest}</span>;
  if (state === 'layout') return <span className="muted">Only the layout changed since v{latest}</span>;
  if (state === 'changed') return <StatusBadge status="warning" label={`Draft has changes since v${latest}`} />;
  return null;
}

export function FlowHeader({
  flowId,
  draft,
  latest,
  active,
  canPublish,
  onPublish,
}: {
  flowId: string;
  draft: Draft;
  latest: number | null;
  active: number | null;
  canPublish: boolean;
  onPublish: () => void;
}) {
  return (
    <div className="page-head vhead">
      <div className="vtitle">
        <h1>{draft.definition.name}</h1>
        <div className="vstatus">
          {active !== null ? (
            <StatusBadge status="active" label={`Active v${active}`} />
          ) : (
            <StatusBadge status="draft" label="Not active" />
          )}
          <DraftState flowId={flowId} draft={draft} latest={latest} />
        </div>
      </div>
      <div className="actions">
        {useCan()('operator') && (
          <button
            type="button"
            className="primary"
            onClick={onPublish}
            disabled={!canPublish}
            title={
              canPublish
                ? 'Freeze the saved draft as a new version'
                : 'The draft has problems to fix in the editor first'
            }
          >
            Publish draft
          </button>
        )}
      </div>
    </div>
  );
}
