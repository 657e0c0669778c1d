import { useEditor } from '../store.ts';
import { BusinessSettings } from './business-settings.tsx';
import { withSetting } from './flow-settings.ts';

/** Shown when no node is selected: the flow's name and description, how its runs execute and its business context. */
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
        <textarea
          id="flow-desc"
          rows={3}
          value={meta.description ?? ''}
          onChange={(e) => update({ description: e.target.value || undefined })}
        />
      </div>
      <p className="muted">
        Id <code>{meta.id}</code>
      </p>
      <h3>Runs</h3>
      <div className="field">
        <label htmlFor="flow-concurrency">Concurrency</label>
        <input
          id="flow-concurrency"
          type="number"
          min={1}
          placeholder="No limit"
          value={meta.settings?.concurrency ?? ''}
          onChange={(e) =>
            update(
              {
                settings: withSetting(
                  meta.settings,
                  'concurrency',
                  e.target.value === '' ? undefined : Number(e.target.value),
                ),
              },
              'settings:concurrency',
            )
          }
        />
        <div className="field-help">
          Most runs of this flow executing at once; later runs wait their turn in arrival order.
        </div>
      </div>
      <div className="field">
        <label htmlFor="flow-run-timeout">Run time limit (ms)</label>
        <input
          id="flow-run-timeout"
          type="number"
          min={1000}
          placeholder="No limit"
          value={meta.settings?.runTimeoutMs ?? ''}
          onChange={(e) =>
            update(
              {
                settings: withSetting(
                  meta.settings,
                  'runTimeoutMs',
                  e.target.value === '' ? undefined : Number(e.target.value),
                ),
              },
              'settings:runTimeoutMs',
            )
          }
        />
        <div className="field-help">A run still going this long after it started ends timed out.</div>
      </div>
      <div className="field">
        <label htmlFor="flow-ordering-key">Ordering key</label>
        <input
          id="flow-ordering-key"
          className="mono"
          placeholder="e.g. timeEntry.projectCode"
          value={meta.settings?.orderingKey ?? ''}
          onChange={(e) =>
            update(
              {
                settings: withSetting(
                  meta.settings,
                  'orderingKey',
                  e.target.value.trim() === '' ? undefined : e.target.value,
                ),
              },
              'settings:orderingKey',
            )
          }
        />
        <div className="field-help">
          A JSONata expression over the trigger body. Runs with the same key execute one at a time, in arrival order
          (for example the project of a time entry); different keys run side by side. A syntax error shows in Problems.
        </div>
      </div>
      <BusinessSettings />
      {count === 0 ? (
        <div className="hint-card">
          <strong>Start with a trigger</strong>
          <p>
            Drag <em>Webhook</em>, <em>Schedule</em> or <em>Manual</em> from the palette onto the canvas, then add
            mapping, validation and connector nodes and join their ports.
          </p>
        </div>
      ) : (
        <p className="muted">Select a node to configure it. Shift+drag selects several.</p>
      )}
    </div>
  );
}
