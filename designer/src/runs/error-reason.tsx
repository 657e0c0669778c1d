import { splitError } from './error-text.ts';

/** An error message with the downstream's own words first and the call that got them below. */
export function ErrorReason({ message }: { message: string }) {
  const { reason, call } = splitError(message);
  return (
    <div className="error-reason" title={message}>
      <div className="error-reason-text">{reason}</div>
      {call && <div className="error-reason-call muted mono">{call}</div>}
    </div>
  );
}
