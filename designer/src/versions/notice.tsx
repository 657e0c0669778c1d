import { useCallback, useEffect, useState } from 'react';

export interface Notice {
  text: string;
  error?: boolean;
}

/** A short message at the bottom of the page; successes fade after a few seconds, errors stay until dismissed. */
export function useNotice() {
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    if (!notice || notice.error) return;
    const t = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(t);
  }, [notice]);
  const clear = useCallback(() => setNotice(null), []);
  return { notice, show: setNotice, clear };
}

export function NoticeToast({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <div className={`toast vtoast${notice.error ? ' toast-error' : ''}`} role={notice.error ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button type="button" className="small ghost" onClick={onDismiss} aria-label="Dismiss message">
        ✕
      </button>
    </div>
  );
}
