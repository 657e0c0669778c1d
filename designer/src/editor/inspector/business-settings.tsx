import { CRITICALITIES, DEFAULT_CRITICALITY, type Criticality } from '../../../../shared/business.ts';
import type { FlowSettings } from '../../../../shared/flow.ts';
import { CRITICALITY_LABELS } from '../../ui/criticality-badge.tsx';
import { useEditor } from '../store.ts';
import { numberSetting, readableMs, textSetting, withSetting } from './flow-settings.ts';

type Sla = NonNullable<FlowSettings['sla']>;

/** The flow's business context: process, criticality, owning team, business key and service levels. */
export function BusinessSettings() {
  const settings = useEditor((s) => s.meta.settings);
  const update = useEditor((s) => s.updateMeta);
  const keyProblem = useEditor((s) => s.problems?.find((p) => p.path === 'settings.businessKey'));
  const set = <K extends keyof FlowSettings>(key: K, value: FlowSettings[K] | undefined) =>
    update({ settings: withSetting(settings, key, value) }, `settings:${key}`);
  const setSla = (key: keyof Sla, value: number | undefined) => {
    const sla: Sla = { ...settings?.sla };
    if (value === undefined) delete sla[key];
    else sla[key] = value;
    set('sla', Object.keys(sla).length ? sla : undefined);
  };

  return (
    <>
      <h3>Business</h3>
      <div className="field">
        <label htmlFor="flow-business-process">Business process</label>
        <input
          id="flow-business-process"
          maxLength={80}
          placeholder="e.g. Quote-to-cash"
          value={settings?.businessProcess ?? ''}
          onChange={(e) => set('businessProcess', textSetting(e.target.value))}
        />
      </div>
      <div className="field">
        <label htmlFor="flow-criticality">Criticality</label>
        <select
          id="flow-criticality"
          value={settings?.criticality ?? DEFAULT_CRITICALITY}
          onChange={(e) => {
            const c = e.target.value as Criticality;
            set('criticality', c === DEFAULT_CRITICALITY ? undefined : c);
          }}
        >
          {CRITICALITIES.map((c) => (
            <option key={c} value={c}>
              {CRITICALITY_LABELS[c]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="flow-owner">Owning team</label>
        <input
          id="flow-owner"
          maxLength={80}
          placeholder="e.g. Finance IT"
          value={settings?.owner ?? ''}
          onChange={(e) => set('owner', textSetting(e.target.value))}
        />
      </div>
      <div className="field">
        <label htmlFor="flow-business-key">Business key</label>
        <input
          id="flow-business-key"
          className="mono"
          placeholder="e.g. =invoice.number"
          aria-invalid={keyProblem ? true : undefined}
          aria-describedby="flow-business-key-help"
          value={settings?.businessKey ?? ''}
          onChange={(e) => set('businessKey', textSetting(e.target.value))}
        />
        {keyProblem && (
          <div className="field-error" role="alert">
            {keyProblem.message.replace(/^businessKey: /, '')}
          </div>
        )}
        <div className="field-help" id="flow-business-key-help">
          A JSONata expression over the trigger body, read when a run starts. The text or number it gives is the run's
          business key (for example the invoice number): search for it under Runs to find the runs of every flow about
          that invoice.
        </div>
      </div>
      <div className="field">
        <label htmlFor="flow-sla-duration">Longest run (ms)</label>
        <input
          id="flow-sla-duration"
          type="number"
          min={1}
          placeholder="No target"
          value={settings?.sla?.maxDurationMs ?? ''}
          onChange={(e) => setSla('maxDurationMs', numberSetting(e.target.value))}
        />
        <div className="field-help">
          {settings?.sla?.maxDurationMs ? `${readableMs(settings.sla.maxDurationMs)}. ` : ''}A run should finish within
          this time.
        </div>
      </div>
      <div className="field">
        <label htmlFor="flow-sla-freshness">Succeeds at least every (ms)</label>
        <input
          id="flow-sla-freshness"
          type="number"
          min={1000}
          placeholder="No target"
          value={settings?.sla?.freshnessMs ?? ''}
          onChange={(e) => setSla('freshnessMs', numberSetting(e.target.value))}
        />
        <div className="field-help">
          {settings?.sla?.freshnessMs ? `${readableMs(settings.sla.freshnessMs)}. ` : ''}A run of this flow should
          succeed at least this often.
        </div>
      </div>
    </>
  );
}
