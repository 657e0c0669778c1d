import { api, enc } from '../api/client.ts';
import { useFlows } from '../api/queries.ts';
import { CheckField, SelectField, TextField } from '../ui/form.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';
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
type NumberKey = 'thresholdPercent' | 'windowMinutes' | 'minRuns' | 'minutes' | 'above' | 'repeat';
const SCOPES: { value: Form['scope']; label: string }[] = [
  { value: 'all', label: 'every flow' },
  { value: 'criticality', label: 'flows of a criticality or more' },
  { value: 'flow', label: 'one flow' },
];
const QUEUES: { value: Form['queue']; label: string }[] = [
  { value: 'failed', label: 'failed-runs queue' },
  { value: 'unfinished', label: 'unfinished runs' },
];

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
  const [f, set] = useFormValues(rule, () => formOf(existing));
  const num = (k: NumberKey, label: string, min = 0) => (
    <TextField label={label} type="number" min={min} value={f[k]} onChange={(v) => set(k, v)} />
  );
  const scoped = SCOPED.has(f.kind);
  const backlog = f.kind === 'backlog';
  const flowOptions = [
    { value: '', label: backlog ? 'every flow' : 'choose a flow' },
    ...(flows.data ?? []).map((x) => ({ value: x.id, label: x.name })),
  ];

  const submit = async () => {
    const body = {
      kind: f.kind,
      name: f.name,
      enabled: f.enabled,
      channelIds: f.channelIds,
      repeatMinutes: f.repeat.trim() === '' ? null : Number(f.repeat),
      condition: conditionOf(f),
    };
    if (existing) await api.put(`/api/alerts/rules/${enc(existing.id)}`, body);
    else await api.post('/api/alerts/rules', body);
    onSaved(`Rule "${f.name}" saved`);
  };

  return (
    <FormDialog
      open={rule !== null}
      title={existing ? `Edit rule ${existing.name}` : 'New alert rule'}
      submitLabel="Save rule"
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField label="Name" value={f.name} onChange={(v) => set('name', v)} />
      <SelectField
        label="Alert when"
        value={f.kind}
        options={ALERT_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        onChange={(v) => set('kind', v)}
      />
      {scoped && <SelectField label="For" value={f.scope} options={SCOPES} onChange={(v) => set('scope', v)} />}
      {scoped && f.scope === 'criticality' && (
        <SelectField
          label="Criticality at least"
          value={f.minCriticality}
          options={CRITICALITIES}
          onChange={(v) => set('minCriticality', v)}
        />
      )}
      {((scoped && f.scope === 'flow') || backlog) && (
        <SelectField
          label={`Flow${backlog ? ' (empty: every flow)' : ''}`}
          value={f.flowId}
          options={flowOptions}
          onChange={(v) => set('flowId', v)}
        />
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
          <TextField
            label="Host or connection (empty: any)"
            value={f.host}
            placeholder="erp.example.com:443"
            onChange={(v) => set('host', v)}
          />
        </>
      )}
      {backlog && (
        <>
          <SelectField label="Queue" value={f.queue} options={QUEUES} onChange={(v) => set('queue', v)} />
          {num('above', 'More runs than')}
        </>
      )}
      <fieldset className="alert-channels">
        <legend>Notify</legend>
        {channels.map((ch) => (
          <CheckField
            key={ch.id}
            label={
              <>
                {ch.name} <span className="muted">({ch.kind})</span>
              </>
            }
            checked={f.channelIds.includes(ch.id)}
            onChange={(on) =>
              set('channelIds', on ? [...f.channelIds, ch.id] : f.channelIds.filter((x) => x !== ch.id))
            }
          />
        ))}
      </fieldset>
      {num('repeat', 'Remind every (minutes, empty: once)', 1)}
      <CheckField label="Enabled" checked={f.enabled} onChange={(v) => set('enabled', v)} />
    </FormDialog>
  );
}
