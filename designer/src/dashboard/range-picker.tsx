import { useEffect, useState, type FormEvent } from 'react';
import { TextField } from '../ui/form.tsx';
import { localToMs } from '../runs/filters.ts';
import { msToLocal } from './links.ts';
import { customRangeError, type NamedRange, type RangeChoice } from './range.ts';

const CHOICES: { value: NamedRange; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
];

/**
 * The dashboard's time range: one ending now, or a custom one from two dates and times (in the browser's
 * time zone), checked before it is asked for. `shown` is the span on screen, the custom form's start.
 */
export function RangePicker({
  value,
  shown,
  onChange,
}: {
  value: RangeChoice;
  shown?: { from: number; to: number };
  onChange: (r: RangeChoice) => void;
}) {
  const [custom, setCustom] = useState(value.range === 'custom');
  useEffect(() => {
    if (value.range === 'custom') setCustom(true);
  }, [value.range]);
  return (
    <div className="range">
      <fieldset className="range-picker" aria-label="Time range">
        {CHOICES.map((c) => (
          <button
            key={c.value}
            type="button"
            aria-pressed={!custom && value.range === c.value}
            className={!custom && value.range === c.value ? 'active' : ''}
            onClick={() => (setCustom(false), onChange({ range: c.value }))}
          >
            {c.label}
          </button>
        ))}
        <button type="button" aria-pressed={custom} className={custom ? 'active' : ''} onClick={() => setCustom(true)}>
          Custom
        </button>
      </fieldset>
      {custom && (
        <CustomRange
          // The fields start again from a custom range opened from the address (a link, or Show).
          key={value.range === 'custom' ? `${value.from}-${value.to}` : 'new'}
          start={value.range === 'custom' ? value : shown}
          onApply={onChange}
        />
      )}
    </div>
  );
}

function CustomRange({ start, onApply }: { start?: { from: number; to: number }; onApply: (r: RangeChoice) => void }) {
  const [from, setFrom] = useState(start ? msToLocal(start.from) : '');
  const [to, setTo] = useState(start ? msToLocal(start.to) : '');
  const [error, setError] = useState<ReturnType<typeof customRangeError>>(null);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const f = localToMs(from);
    const t = localToMs(to);
    const wrong = customRangeError(f, t);
    setError(wrong);
    if (!wrong && f !== null && t !== null) onApply({ range: 'custom', from: f, to: t });
  };
  return (
    <form className="range-custom" aria-label="Custom time range" onSubmit={apply} noValidate>
      <div className="range-field">
        <TextField
          label="From"
          type="datetime-local"
          value={from}
          error={error?.field === 'from' ? error.message : null}
          onChange={setFrom}
        />
      </div>
      <div className="range-field">
        <TextField
          label="To"
          type="datetime-local"
          value={to}
          error={error?.field === 'to' ? error.message : null}
          onChange={setTo}
        />
      </div>
      <button type="submit" className="primary">
        Show
      </button>
    </form>
  );
}
