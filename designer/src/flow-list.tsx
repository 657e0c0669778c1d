import { useEffect, useState } from 'react';
import { getJson } from './api.ts';

interface FlowSummary {
  id: string;
  name: string;
  latestVersion: number | null;
  activeVersion: number | null;
  lastRun: { id: string; status: string; createdAt: number } | null;
  failuresLast24h: number;
}

function status(f: FlowSummary): string {
  if (f.activeVersion) return `active v${f.activeVersion}`;
  if (f.latestVersion) return `published v${f.latestVersion}`;
  return 'draft only';
}

export function FlowList() {
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    getJson<{ flows: FlowSummary[] }>('/api/flows').then((r) => setFlows(r.flows), (e: Error) => setError(e.message));
  }, []);
  if (error) return <p role="alert">Could not load flows: {error}</p>;
  if (!flows) return <p aria-busy="true">Loading flows…</p>;
  if (flows.length === 0) return <p>No flows yet. Import one with <code>npx weft import flow.json</code>.</p>;
  return (
    <table>
      <caption>Flows</caption>
      <thead>
        <tr><th>Name</th><th>Status</th><th>Last run</th><th>Failures (24 h)</th></tr>
      </thead>
      <tbody>
        {flows.map((f) => (
          <tr key={f.id}>
            <td>{f.name}</td>
            <td>{status(f)}</td>
            <td>{f.lastRun ? `${f.lastRun.status}, ${new Date(f.lastRun.createdAt).toLocaleString()}` : '—'}</td>
            <td>{f.failuresLast24h}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
