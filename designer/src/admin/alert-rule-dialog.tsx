import { useEffect, useState, type FormEvent } from 'react';
import { api, enc } from '../api/client.ts';
import { useFlows } from '../api/queries.ts';
import { Dialog } from '../ui/dialog.tsx';
import { ALERT_KINDS, type AlertChannel, type AlertKind, type AlertRule } from '../../../shared/alerts.ts';
import { CRITICALITIES } from '../../../shared/business.ts';

const KIND_LABEL: Record<AlertKind, string> = {
  run_failed: 'A run fails',
  failure_rate: 'Too many runs fail',
  sla_breach: 'A run takes longer than its SLA',
  circuit_open: 'A downstream circuit stays open',
  backlog: 'Runs pile up',
  silent: 'A flow stops succeeding (freshness SLA)',
};
const SCOPED = new Set<AlertKind>(['run_failed', 'failure_rate', 'sla_breach', 'silent']);

interface Form {
  name: string;
  kind: AlertKind;
  enabled: boolean;
  channelIds: string[];
  repeat: string;
  scope: 'all' | 'flow' | 'criticality';
  flowId: string;
  minCriticality: string;
  thresholdPercent: string;
  windowMinutes: string;
  minRuns: string;
  minutes: string;
  host: string;
  queue: 'failed' | 'unfinished';
  above: string;
}

const c = (r: AlertRule | null) => (r?.condition ?? {}) as Record<string, unknown>;
const str = (v: unknown, d = '') => (v === undefined || v === null ? d : String(v));

function formOf(r: AlertRule | null): Form {
  const k = c(r);
  return {
    name: r?.name ?? '',
    kind: r?.kind ?? 'run_failed',
    enabled: r?.enabled ?? true,
    channelIds: r?.channelIds ?? [],
    repeat: str(r?.repeatMinutes),
    scope: k.flowId !== undefined && r?.kind !== 'backlog' ? 'flow' : k.minCriticality ? 'criticality' : 'all',
    flowId: str(k.flowId),
    minCriticality: str(k.minCriticality, 'high'),
    thresholdPercent: str(k.thresholdPercent, '20'),
    windowMinutes: str(k.windowMinutes, '15'),
    minRuns: str(k.minRuns, '5'),
    minutes: str(k.minutes, '5'),
    host: str(k.host),
    queue: (k.queue as Form['queue']) ?? 'failed',
    above: str(k.above, '10'),
  };
}

/** Numbers as typed (the API says which field is wrong); empty optional fields are left out. */
function conditionOf(f: Form): Record<string, unknown> {
  const n = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const scope = !SCOPED.has(f.kind)
    ? {}
    : f.scope === 'flow'
      ? { flowId: f.flowId }
      : f.scope === 'criticality'
        ? { minCriticality: f.minCriticality }
        : {};
  if (f.kind === 'failure_rate')
    return {
      ...scope,
      thresholdPercent: n(f.thresholdPercent),
      windowMinutes: n(f.windowMinutes),
      minRuns: n(f.minRuns),
    };
  if (f.kind === 'circuit_open') return { minutes: n(f.minutes), host: f.host.trim() || undefined };
  if (f.kind === 'backlog') return { queue: f.queue, above: n(f.above), flowId: f.flowId || undefined };
  return scope;
}

/** One line saying what a rule watches. */
export function describeRule(r: AlertRule): string {
  const k = c(r);
  const which = k.flowId ? `flow ${k.flowId}` : k.minCriticality ? `${k.minCriticality}+ flows` : 'every flow';
  switch (r.kind) {
    case 'failure_rate':
      return `> ${k.thresholdPercent}% failed over ${k.windowMinutes} min (≥ ${k.minRuns} runs), ${which}`;
    case 'circuit_open':
      return `circuit of ${k.host ?? 'any host'} open > ${k.minutes} min`;
    case 'backlog':
      return `${k.queue === 'failed' ? 'failed-runs queue' : 'unfinished runs'} > ${k.above}${k.flowId ? ` (${k.flowId})` : ''}`;
    default:
      return `${KIND_LABEL[r.kind].toLowerCase()}: ${which}`;
  }
}

/** Creates or edits an alert rule. */
export function AlertRuleDialog({
  rule,
  channels,
  onClose,
  onSaved,
}: {
  rule: AlertRule | 'new' | null;
  channels: AlertChannel[];
  onClose: () => void;
  onSaved: (text: string) => void;
}) {
  const flows = useFlows();
  const existing = rule === 'new' ? null : rule;
  const [f, setF] = useState<Form>(formOf(null));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (rule === null) return;
    setF(formOf(rule === 'new' ? null : rule));
    setError(null);
  }, [rule]);
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setF((p) => ({ ...p, [k]: v }));
  const num = (k: keyof Form, label: string, min = 0) => (
    <label>
      {label}
      <input type="number" min={min} value={f[k] as string} onChange={(e) => set(k, e.target.value as never)} />
    </label>
  );

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = {
      kind: f.kind,
      name: f.name,
      enabled: f.enabled,
      channelIds: f.channelIds,
      repeatMinutes: f.repeat.trim() === '' ? null : Number(f.repeat),
      condition: conditionOf(f),
    };
    try {
      if (existing) await api.put(`/api/alerts/rules/${enc(existing.id)}`, body);
      else await api.post('/api/alerts/rules', body);
      onSaved(`Rule "${f.name}" saved`);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <Dialog
      open={rule !== null}
      title={existing ? `Edit rule ${existing.name}` : 'New alert rule'}
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={() => void submit()}>
            Save rule
          </button>
        </>
      }
    >
      <form className="admin-form" onSubmit={submit}>
        <label>
          Name
          <input value={f.name} onChange={(e) => set('name', e.target.value)} />
        </label>
        <label>
          Alert when
          <select value={f.kind} onChange={(e) => set('kind', e.target.value as AlertKind)}>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </label>
        {SCOPED.has(f.kind) && (
          <label>
            For
            <select value={f.scope} onChange={(e) => set('scope', e.target.value as Form['scope'])}>
              <option value="all">every flow</option>
              <option value="criticality">flows of a criticality or more</option>
              <option value="flow">one flow</option>
            </select>
          </label>
        )}
        {SCOPED.has(f.kind) && f.scope === 'criticality' && (
          <label>
            Criticality at least
            <select value={f.minCriticality} onChange={(e) => set('minCriticality', e.target.value)}>
              {CRITICALITIES.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
        )}
        {((SCOPED.has(f.kind) && f.scope === 'flow') || f.kind === 'backlog') && (
          <label>
            Flow{f.kind === 'backlog' ? ' (empty: every flow)' : ''}
            <select value={f.flowId} onChange={(e) => set('flowId', e.target.value)}>
              <option value="">{f.kind === 'backlog' ? 'every flow' : 'choose a flow'}</option>
              {(flows.data ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {f.kind === 'failure_rate' && (
          <>
            {num('thresholdPercent', 'More than this % of runs failed')}
            {num('windowMinutes', 'Over the last minutes', 1)}
            {num('minRuns', 'With at least this many runs', 1)}
          </>
        )}
        {f.kind === 'circuit_open' && (
          <>
            {num('minutes', 'Open longer than (minutes)', 1)}
            <label>
              Host or connection (empty: any)
              <input value={f.host} placeholder="erp.example.com:443" onChange={(e) => set('host', e.target.value)} />
            </label>
          </>
        )}
        {f.kind === 'backlog' && (
          <>
            <label>
              Queue
              <select value={f.queue} onChange={(e) => set('queue', e.target.value as Form['queue'])}>
                <option value="failed">failed-runs queue</option>
                <option value="unfinished">unfinished runs</option>
              </select>
            </label>
            {num('above', 'More runs than')}
          </>
        )}
        <fieldset className="alert-channels">
          <legend>Notify</legend>
          {channels.map((ch) => (
            <label key={ch.id} className="check">
              <input
                type="checkbox"
                checked={f.channelIds.includes(ch.id)}
                onChange={(e) =>
                  set(
                    'channelIds',
                    e.target.checked ? [...f.channelIds, ch.id] : f.channelIds.filter((x) => x !== ch.id),
                  )
                }
              />
              {ch.name} <span className="muted">({ch.kind})</span>
            </label>
          ))}
        </fieldset>
        <label>
          Remind every (minutes, empty: once)
          <input type="number" min={1} value={f.repeat} onChange={(e) => set('repeat', e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} />
          Enabled
        </label>
        {error && (
          <p className="admin-msg admin-msg-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
