import { useState } from 'react';
import type { RunView, StepView } from '../api/types.ts';
import { StatusBadge } from '../ui/status-badge.tsx';
import { formatDuration } from '../ui/format.ts';
import { layoutTimeline } from './timeline.ts';
import { StepDetails } from './step-details.tsx';
import { nodesById, useRunDefinition } from './run-definition.ts';

function stepDuration(s: StepView): string {
  if (s.startedAt === null) return '—';
  if (s.finishedAt === null) return s.status === 'retrying' ? 'waiting' : '—';
  return formatDuration(Math.max(0, s.finishedAt - s.startedAt));
}

/** A step held by an open circuit waits without using attempts: it has not failed. */
const heldByCircuit = (s: StepView) => s.status === 'retrying' && s.error?.code === 'circuit_open';

/** The steps in execution order, each a bar on the run's time axis; a row opens the step's details. */
export function StepTimeline({ run, now }: { run: RunView; now: number }) {
  const nodes = nodesById(useRunDefinition(run));
  const nameOf = (id: string) => nodes.get(id)?.name || id;
  const steps = [...(run.steps ?? [])].sort((a, b) => (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity));
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(run.error?.nodeId ? [run.error.nodeId] : []));
  const toggle = (nodeId: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (!next.delete(nodeId)) next.add(nodeId);
      return next;
    });

  if (steps.length === 0) return <p className="muted">No step has run yet.</p>;
  const axis = layoutTimeline(run, steps, now);
  return (
    <div className="timeline">
      <div className="timeline-axis" aria-hidden="true">
        <span>Step</span>
        <span>Status</span>
        <span>Attempts</span>
        <span>Duration</span>
        <span className="timeline-scale">
          <span>0</span>
          <span>{formatDuration(axis.end - axis.start)}</span>
        </span>
      </div>
      <ol className="timeline-steps">
        {steps.map((s, i) => {
          const bar = axis.bars[i];
          const expanded = open.has(s.nodeId);
          const detailsId = `step-details-${i}`;
          return (
            <li key={s.nodeId}>
              <button
                type="button"
                className="timeline-row"
                aria-expanded={expanded}
                aria-controls={expanded ? detailsId : undefined}
                onClick={() => toggle(s.nodeId)}
              >
                <span className="timeline-node" title={s.nodeId}>
                  {nameOf(s.nodeId)}
                  {nameOf(s.nodeId) !== s.nodeId && <span className="timeline-node-id mono"> {s.nodeId}</span>}
                </span>
                <StatusBadge status={s.status} label={heldByCircuit(s) ? 'Circuit open' : undefined} />
                <span className="timeline-attempts">{s.attempts === 1 ? '1 attempt' : `${s.attempts} attempts`}</span>
                <span className="timeline-duration">{stepDuration(s)}</span>
                <span className="timeline-track" aria-hidden="true">
                  {bar && (
                    <span
                      className={`timeline-bar timeline-bar-${s.status}`}
                      style={{ left: `${bar.offset * 100}%`, width: `${bar.width * 100}%` }}
                    />
                  )}
                </span>
              </button>
              {expanded && <StepDetails id={detailsId} step={s} />}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
