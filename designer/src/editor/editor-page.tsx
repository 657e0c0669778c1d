import { useCallback, useEffect, useMemo, useState } from 'react';
import { useBlocker, useParams } from 'react-router';
import { ReactFlowProvider } from '@xyflow/react';
import { useDraft, useNodeTypes } from '../api/queries.ts';
import { ErrorBox, Loading } from '../ui/states.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { Toast } from '../ui/toast.tsx';
import { useEditor, selectDirty } from './store.ts';
import { Canvas } from './canvas.tsx';
import { Palette } from './palette.tsx';
import { Toolbar } from './toolbar.tsx';
import { Inspector } from './inspector/inspector.tsx';
import { BottomPanel } from './bottom-panel.tsx';
import { useFlowActions, type Notice } from './use-flow-actions.ts';
import { useEditorShortcuts } from './use-shortcuts.ts';
import './editor.css';

/** Pause in editing after which the draft on screen is checked again. */
const CHECK_DELAY_MS = 400;

export function EditorPage() {
  const { id = '' } = useParams();
  const draft = useDraft(id);
  const types = useNodeTypes();
  const loadedFor = useEditor((s) => s.flowId);
  // The draft is put on the canvas once per visit, from a copy no fetch is replacing: a refetch landing
  // later never takes back what the user has done since.
  const [loaded, setLoaded] = useState<string | null>(null);

  useEffect(() => {
    if (draft.data && types.data && !draft.isFetching && loaded !== id) {
      useEditor.getState().load(draft.data, types.data);
      setLoaded(id);
    }
  }, [draft.data, draft.isFetching, types.data, loaded, id]);

  if (draft.error)
    return (
      <main className="page">
        <ErrorBox title={`Flow “${id}” could not be opened`} error={draft.error} onRetry={() => draft.refetch()} />
      </main>
    );
  if (types.error)
    return (
      <main className="page">
        <ErrorBox title="The node catalogue could not be loaded" error={types.error} onRetry={() => types.refetch()} />
      </main>
    );
  if (!draft.data || !types.data || loadedFor !== id || loaded !== id)
    return (
      <main className="page">
        <Loading what="the flow" />
      </main>
    );
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}

function Editor() {
  const types = useNodeTypes().data!;
  const dirty = useEditor(selectDirty);
  const [notice, setNotice] = useState<Notice | null>(null);
  const notify = useCallback((n: Notice) => setNotice(n), []);
  const actions = useFlowActions(notify);
  const shortcutActions = useMemo(
    () => ({ save: actions.save, testRun: actions.testRun }),
    [actions.save, actions.testRun],
  );
  useEditorShortcuts(shortcutActions);
  // Problems follow the canvas: the draft on screen is checked at once on opening, then after each pause in editing.
  const validate = actions.validate;
  const seq = useEditor((s) => s.seq);
  useEffect(() => {
    const t = setTimeout(validate, seq === 0 ? 0 : CHECK_DELAY_MS);
    return () => clearTimeout(t);
  }, [seq, validate]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      useEditor.getState().seq !== useEditor.getState().savedSeq && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const editNotice = useEditor((s) => s.notice);
  useEffect(() => {
    if (editNotice) {
      setNotice({ kind: 'info', text: editNotice });
      useEditor.getState().tell(null);
    }
  }, [editNotice]);

  const refusal = useEditor((s) => s.refusal);
  useEffect(() => {
    if (refusal) {
      setNotice({ kind: 'error', text: `Edge not added: ${refusal}` });
      useEditor.getState().refuse(null);
    }
  }, [refusal]);

  return (
    <div className="editor">
      <Toolbar actions={actions} />
      <div className="editor-body">
        <Palette nodeTypes={types} />
        <div className="editor-center">
          <Canvas />
          <BottomPanel
            onFromRun={(name) => notify({ kind: 'info', text: `Sample “${name}” added` })}
            onNotice={(text) => notify({ kind: 'info', text })}
          />
        </div>
        <Inspector />
      </div>
      {notice && <Toast notice={notice} onDone={() => setNotice(null)} />}
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title="Leave without saving?"
        message="This flow has changes that are not saved. They will be lost."
        confirmLabel="Leave without saving"
        danger
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      />
    </div>
  );
}
