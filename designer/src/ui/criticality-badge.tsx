import type { Criticality } from '../../../shared/business.ts';

export const CRITICALITY_LABELS: Record<Criticality, string> = {
  critical: 'Critical',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

/** A flow's criticality as a pill: loud for critical and high, quiet for normal and low. */
export function CriticalityBadge({ criticality }: { criticality: Criticality }) {
  return (
    <span className={`badge criticality criticality-${criticality}`} title="Criticality of the flow">
      {CRITICALITY_LABELS[criticality]}
    </span>
  );
}
