import type { DashboardRange } from '../../../shared/dashboard.ts';

const CHOICES: { value: Exclude<DashboardRange, 'custom'>; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

/** The dashboard's time range, kept in the address (?range=). */
export function RangePicker({ value, onChange }: { value: DashboardRange; onChange: (r: DashboardRange) => void }) {
  return (
    <fieldset className="range-picker" aria-label="Time range">
      {CHOICES.map((c) => (
        <button
          key={c.value}
          type="button"
          aria-pressed={value === c.value}
          className={value === c.value ? 'active' : ''}
          onClick={() => onChange(c.value)}
        >
          {c.label}
        </button>
      ))}
    </fieldset>
  );
}

export function readRange(params: URLSearchParams): Exclude<DashboardRange, 'custom'> {
  const r = params.get('range');
  return r === '1h' || r === '7d' ? r : '24h';
}
