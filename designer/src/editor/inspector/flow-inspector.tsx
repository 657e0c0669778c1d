import { useEditor } from '../store.ts';

/** Shown when no node is selected: the flow's name and description. */
export function FlowInspector() {
  const meta = useEditor((s) => s.meta);
  const count = useEditor((s) => s.nodes.length);
  const update = useEditor((s) => s.updateMeta);
  return (
    <div className="inspector-body">
      <h2>Flow</h2>
      <div className="field">
        <label htmlFor="flow-name">Flow name</label>
        <input id="flow-name" value={meta.name} onChange={(e) => update({ name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="flow-desc">Flow description</label>
        <textarea id="flow-desc" rows={3} value={meta.description ?? ''} onChange={(e) => update({ description: e.target.value || undefined })} />
      </div>
      <p className="muted">Id <code>{meta.id}</code></p>
      {count === 0 ? (
        <div className="hint-card">
          <strong>Start with a trigger</strong>
          <p>Drag <em>Webhook</em>, <em>Schedule</em> or <em>Manual</em> from the palette onto the canvas, then add mapping, validation and connector nodes and join their ports.</p>
        </div>
      ) : (
        <p className="muted">Select a node to configure it. Shift+drag selects several.</p>
      )}
    </div>
  );
}
