import type { ReactNode } from 'react';

/** A message about what was just done, or what went wrong doing it. */
export interface Message {
  text: string;
  error?: boolean;
}

/** A page's title with its actions on the right. */
export function PageHead({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      <div className="actions">{children}</div>
    </div>
  );
}

/** The outcome of the last action, announced to screen readers. */
export function Notice({ message }: { message: Message | null }) {
  if (!message) return null;
  return (
    <p className={message.error ? 'notice notice-error' : 'notice'} role="status">
      {message.text}
    </p>
  );
}
