import type { StepView } from '../api/types.ts';

/** The Idempotency-Key the step's last attempt sent downstream, as the runtime recorded it. */
export function SentKey({ step }: { step: StepView }) {
  if (step.sentKey !== null) return <code>{step.sentKey}</code>;
  return (
    <span className="muted">
      none sent (the step&apos;s own key is <code>{step.idempotencyKey}</code>)
    </span>
  );
}
