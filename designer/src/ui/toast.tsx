import { useEffect } from 'react';

/** A short message at the bottom of the screen; errors stay longer. */
export function Toast({ notice, onDone }: { notice: { kind: 'info' | 'error'; text: string }; onDone: () => void }) {
  useEffect(() => {
    const t = setTimeout(onDone, notice.kind === 'error' ? 8000 : 2500);
    return () => clearTimeout(t);
  }, [notice, onDone]);
  return (
    <div
      className={`toast ${notice.kind === 'error' ? 'toast-error' : ''}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
    >
      {notice.text}
      <button type="button" className="ghost small" aria-label="Dismiss message" onClick={onDone}>
        ✕
      </button>
    </div>
  );
}
