import { useState } from 'react';
import { Link } from 'react-router';
import { triggerOf } from './canvas.tsx';
import { useReadableView } from './readable-view.ts';
import { useEditor, selectDirty, NO_SAMPLES } from './store.ts';
import type { useFlowActions } from './use-flow-actions.ts';
import { Dialog } from '../ui/dialog.tsx';
import { useCan } from '../auth/session.tsx';

type Actions = ReturnType<typeof useFlowActions>;

export function Toolbar({ actions }: { actions: Actions }) {
  const operate = useCan()('operator');
  const flowId = useEditor((s) => s.flowId)!;
  const name = useEditor((s) => s.meta.name);
  const dirty = useEditor(selectDirty);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const samples = useEditor((s) => s.meta.samples ?? NO_SAMPLES);
  const sampleIndex = useEditor((s) => s.sampleIndex);
  const errors = useEditor((s) => s.problems?.filter((p) => p.severity === 'error').length ?? 0);
  const checked = useEditor((s) => s.problems !== null);
  const readableView = useReadableView(triggerOf);
  const [publishOpen, setPublishOpen] = useState(false);
  const [note, setNote] = useState('');
  const [published, setPublished] = useState<number | null>(null);
  const s = useEditor.getState;

  const doPublish = async () => {
    const v = await actions.publish(note);
    if (v) {
      setPublished(v.version);
      setNote('');
    }
    setPublishOpen(false);
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Flow editor">
      <Link to="/" className="crumb">
        Flows
      </Link>
      <span className="crumb-sep" aria-hidden="true">
        /
      </span>
      <h1 className="flow-title">{name}</h1>
      {dirty ? (
        <span className="unsaved" role="status">
          ● Unsaved changes
        </span>
      ) : (
        <span className="saved muted" role="status">
          All changes saved
        </span>
      )}
      <div className="toolbar-group">
        <button type="button" onClick={() => s().undo()} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
          ↶
        </button>
        <button
          type="button"
          onClick={() => s().redo()}
          disabled={!canRedo}
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
        >
          ↷
        </button>
        <button
          type="button"
          onClick={() => {
            s().layout();
            requestAnimationFrame(() => readableView(200));
          }}
          title="Arrange the nodes left to right"
        >
          Auto-layout
        </button>
      </div>
      <div className="toolbar-group right">
        <label className="sample-pick">
          <span className="visually-hidden">Sample for test runs</span>
          <select
            aria-label="Sample for test runs"
            value={sampleIndex}
            onChange={(e) => s().setSampleIndex(Number(e.target.value))}
            disabled={samples.length === 0}
          >
            {samples.length === 0 && <option value={0}>No samples (input null)</option>}
            {samples.map((x, i) => (
              <option key={i} value={i}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={actions.testRun}
          disabled={actions.busy !== null}
          title="Run the draft on the sample (Ctrl+Enter)"
        >
          {actions.busy === 'testing' ? 'Running…' : 'Test run'}
        </button>
        <button type="button" onClick={actions.save} disabled={actions.busy !== null} title="Save (Ctrl+S)">
          {actions.busy === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <Link className="button" to={`/flows/${encodeURIComponent(flowId)}/versions`}>
          Versions
        </Link>
        {operate && (
          <button
            type="button"
            className="primary"
            onClick={() => setPublishOpen(true)}
            disabled={dirty || !checked || errors > 0 || actions.busy !== null}
            title={
              dirty
                ? 'Save the draft first: only a saved draft is published'
                : errors > 0
                  ? `Publishing is blocked: ${errors} problem${errors === 1 ? '' : 's'} to fix`
                  : 'Freeze the draft as a new version'
            }
          >
            Publish
          </button>
        )}
      </div>
      <Dialog
        open={publishOpen}
        title="Publish the draft"
        onClose={() => setPublishOpen(false)}
        actions={
          <>
            <button type="button" onClick={() => setPublishOpen(false)}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={doPublish} disabled={actions.busy === 'publishing'}>
              Publish version
            </button>
          </>
        }
      >
        <p className="muted">Freezes the saved draft as a new, immutable version. Activate it on the Versions page.</p>
        <label htmlFor="publish-note">Note</label>
        <textarea
          id="publish-note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder="What changed and why"
        />
      </Dialog>
      <Dialog
        open={published !== null}
        title={`Published version ${published}`}
        onClose={() => setPublished(null)}
        actions={
          <>
            <button type="button" onClick={() => setPublished(null)}>
              Keep editing
            </button>
            <Link className="button primary" to={`/flows/${encodeURIComponent(flowId)}/versions`}>
              Go to versions
            </Link>
          </>
        }
      >
        <p>Version {published} is published. It receives trigger events once it is activated.</p>
      </Dialog>
    </div>
  );
}
