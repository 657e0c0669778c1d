import { useEffect, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, enc } from '../api/client.ts';
import { keys, useDraft, useVersions } from '../api/queries.ts';
import type { VersionInfo } from '../api/types.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { ComparePanel } from './compare-panel.tsx';
import { FlowHeader } from './flow-header.tsx';
import { NoticeToast, useNotice } from './notice.tsx';
import { PublishDialog } from './publish-dialog.tsx';
import { useVersionActions, VersionActionDialogs } from './version-actions.tsx';
import { VersionsTable } from './versions-table.tsx';
import './versions.css';

/** The draft is cached for the editor; a visit here refreshes it so that comparisons use what was saved last. */
function useFreshDraft(id: string) {
  const qc = useQueryClient();
  useEffect(() => {
    const state = qc.getQueryState(keys.flow(id));
    if (state?.status === 'success' && state.fetchStatus === 'idle')
      void qc.invalidateQueries({ queryKey: keys.flow(id), exact: true });
  }, [qc, id]);
  return useDraft(id);
}

/** Whether the saved draft passes the flow check: Publish stays off for a draft with errors. */
function useDraftValid(id: string, revision: number | undefined): boolean {
  const check = useQuery({
    queryKey: ['flow-check', id, revision],
    queryFn: () => api.post<{ valid: boolean }>(`/api/flows/${enc(id)}/validate`),
    enabled: revision !== undefined,
  });
  return check.data?.valid === true;
}

function BackLink({ id }: { id: string }) {
  return (
    <Link className="vback" to={`/flows/${encodeURIComponent(id)}`}>
      <span aria-hidden="true">← </span>Back to editor
    </Link>
  );
}

export function VersionsPage() {
  const { id = '' } = useParams();
  const draft = useFreshDraft(id);
  const versions = useVersions(id);
  const [, setParams] = useSearchParams();
  const [publishing, setPublishing] = useState(false);
  const { notice, show, clear } = useNotice();
  const list = versions.data ?? [];
  const active = versions.data ? (list.find((v) => v.active)?.version ?? null) : (draft.data?.activeVersion ?? null);
  const latest = list[0]?.version ?? null;
  const actions = useVersionActions(id, active, show);
  const draftValid = useDraftValid(id, draft.data?.revision);

  if (draft.isPending)
    return (
      <main className="page">
        <Loading what="flow" />
      </main>
    );
  if (draft.isError) {
    const missing = draft.error instanceof ApiError && draft.error.status === 404;
    return (
      <main className="page">
        {missing ? (
          <Empty title="Flow not found">
            There is no flow “{id}”. <Link to="/">Back to all flows</Link>
          </Empty>
        ) : (
          <ErrorBox title="The flow could not be loaded" error={draft.error} onRetry={() => void draft.refetch()} />
        )}
      </main>
    );
  }

  const showChanges = (version: number) => {
    const previous = list.find((v) => v.version < version);
    if (!previous) return;
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        q.set('from', String(previous.version));
        q.set('to', String(version));
        return q;
      },
      { replace: true, preventScrollReset: true },
    );
    document.getElementById('compare')?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  const onPublished = (v: VersionInfo) => {
    setPublishing(false);
    show({
      text:
        active === null
          ? `Published v${v.version}. Activate it to start handling trigger events.`
          : `Published v${v.version}. v${active} stays active until you activate v${v.version}.`,
    });
  };

  return (
    <main className="page vpage">
      <BackLink id={id} />
      <FlowHeader
        flowId={id}
        draft={draft.data}
        latest={latest}
        active={active}
        onPublish={() => setPublishing(true)}
        canPublish={!!versions.data && draftValid}
      />

      <section className="vsection" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        {versions.isPending ? (
          <Loading what="versions" />
        ) : versions.isError ? (
          <ErrorBox
            title="The versions could not be loaded"
            error={versions.error}
            onRetry={() => void versions.refetch()}
          />
        ) : list.length === 0 ? (
          <Empty title="Nothing published yet">
            Publish the draft to create version 1. A published version can then be activated to handle trigger events.
          </Empty>
        ) : (
          <VersionsTable
            versions={list}
            busy={actions.busy}
            onAction={(a) => (a.kind === 'changes' ? showChanges(a.version) : actions.request(a))}
          />
        )}
      </section>

      {list.length > 0 && (
        <section className="vsection" id="compare" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare</h2>
          <ComparePanel flowId={id} versions={list} draft={draft.data} />
        </section>
      )}

      <PublishDialog
        flowId={id}
        open={publishing}
        latest={latest}
        onClose={() => setPublishing(false)}
        onPublished={onPublished}
      />
      <VersionActionDialogs
        pending={actions.pending}
        active={active}
        onConfirm={actions.confirm}
        onClose={actions.cancel}
        onRefuse={actions.refuse}
      />
      <NoticeToast notice={notice} onDismiss={clear} />
    </main>
  );
}
