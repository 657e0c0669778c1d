import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, enc } from '../api/client.ts';
import type { RunListItem, RunView } from '../api/types.ts';
import { useEditor, NO_SAMPLES } from './store.ts';
import { formatTime } from '../ui/format.ts';
import { runLabel } from '../runs/run-id.ts';
import { StatusBadge } from '../ui/status-badge.tsx';

/** Sample trigger payloads saved with the flow: paste JSON, or take one from a past run. */
export function SamplesPanel({ onFromRun }: { onFromRun: (name: string) => void }) {
  const samples = useEditor((s) => s.meta.samples ?? NO_SAMPLES);
  const selected = useEditor((s) => s.sampleIndex);
  const [adding, setAdding] = useState(false);
  const [fromRuns, setFromRuns] = useState(false);
  const setSamples = (next: { name: string; payload: unknown }[]) =>
    useEditor.getState().updateMeta({ samples: next }, `samples:${Date.now()}`);

  return (
    <div className="samples">
      <div className="samples-actions">
        <button type="button" onClick={() => setAdding(true)}>
          Add sample
        </button>
        <button type="button" onClick={() => setFromRuns(!fromRuns)} aria-expanded={fromRuns}>
          Take from a past run
        </button>
      </div>
      {adding && (
        <SampleForm
          onCancel={() => setAdding(false)}
          onSave={(sample) => {
            setSamples([...samples, sample]);
            useEditor.getState().setSampleIndex(samples.length);
            setAdding(false);
          }}
        />
      )}
      {fromRuns && (
        <PastRuns
          onPick={(sample) => {
            setSamples([...samples, sample]);
            useEditor.getState().setSampleIndex(samples.length);
            setFromRuns(false);
            onFromRun(sample.name);
          }}
        />
      )}
      {samples.length === 0 && !adding && (
        <p className="muted">
          No samples yet. Paste a trigger payload (for example the JSON your CRM sends) so test runs and previews have
          data to work on.
        </p>
      )}
      <ul className="sample-list">
        {samples.map((s, i) => (
          <li key={i} className={i === selected ? 'current' : ''}>
            <button
              type="button"
              className="ghost"
              onClick={() => useEditor.getState().setSampleIndex(i)}
              aria-pressed={i === selected}
              aria-label={`Use sample ${s.name}`}
            >
              {i === selected ? '◉' : '○'} {s.name}
            </button>
            <code className="sample-peek">{JSON.stringify(s.payload).slice(0, 120)}</code>
            <button
              type="button"
              className="ghost small"
              aria-label={`Delete sample ${s.name}`}
              onClick={() => {
                setSamples(samples.filter((_, j) => j !== i));
                useEditor.getState().setSampleIndex(0);
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function SampleForm({
  onSave,
  onCancel,
}: {
  onSave: (s: { name: string; payload: unknown }) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!name.trim()) return setError('Give the sample a name.');
    try {
      onSave({ name: name.trim(), payload: JSON.parse(text) });
    } catch (e) {
      setError(`The payload is not valid JSON: ${(e as Error).message}`);
    }
  };
  return (
    <div className="sample-form card">
      <div className="field">
        <label htmlFor="sample-name">Sample name</label>
        <input
          id="sample-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Won deal, new customer"
        />
      </div>
      <div className="field">
        <label htmlFor="sample-json">Payload (JSON)</label>
        <textarea
          id="sample-json"
          rows={6}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder='{"opportunity": {"id": "006..."}}'
        />
      </div>
      {error && (
        <p className="error-line" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="primary" onClick={submit}>
        Save sample
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function PastRuns({ onPick }: { onPick: (s: { name: string; payload: unknown }) => void }) {
  const flowId = useEditor((s) => s.flowId)!;
  const runs = useQuery({
    queryKey: ['runs', 'samples', flowId],
    queryFn: () => api.get<{ runs: RunListItem[] }>(`/api/runs?flowId=${enc(flowId)}&limit=10`).then((r) => r.runs),
  });
  const [error, setError] = useState<string | null>(null);
  const pick = async (id: string) => {
    try {
      const run = await api.get<RunView>(`/api/runs/${enc(id)}`);
      onPick({
        name: `Run ${runLabel(run, formatTime)}`,
        payload: (run.trigger as { body?: unknown } | null)?.body ?? null,
      });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (runs.isPending) return <p className="muted">Loading recent runs…</p>;
  if (runs.error)
    return (
      <p className="error-line" role="alert">
        Could not load runs: {runs.error.message}
      </p>
    );
  if (runs.data.length === 0) return <p className="muted">This flow has no runs yet.</p>;
  return (
    <div className="card past-runs">
      {error && (
        <p className="error-line" role="alert">
          {error}
        </p>
      )}
      <ul>
        {runs.data.map((r) => (
          <li key={r.id}>
            <StatusBadge status={r.status} /> <span title={r.id}>{runLabel(r, formatTime)}</span>
            <button
              type="button"
              className="small"
              onClick={() => pick(r.id)}
              aria-label={`Use the trigger of run ${runLabel(r, formatTime)} as a sample`}
            >
              Use as sample
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
