/**
 * How long each sender waits for a webhook's answer before it counts the delivery as failed and retries it,
 * by the name of its signature preset (runtime/api/webhook-presets/). A trigger that answers only when its run
 * finishes (`respond: onCompletion`) risks those retries; the static check warns about it.
 */
export const ANSWER_DEADLINES: Readonly<Record<string, { sender: string; seconds: number }>> = {
  slack: { sender: 'Slack', seconds: 3 },
  shopify: { sender: 'Shopify', seconds: 5 },
  github: { sender: 'GitHub', seconds: 10 },
  stripe: { sender: 'Stripe', seconds: 20 },
};

/** The warning for a webhook that waits for its run while its sender expects an answer within a few seconds. */
export function answerDeadlineWarning(scheme: string | undefined, respond: unknown): string | null {
  const d = scheme === undefined ? undefined : ANSWER_DEADLINES[scheme];
  if (!d || respond === 'immediately') return null;
  return (
    `${d.sender} expects an answer within ${d.seconds} s and sends the event again when it gets none; ` +
    `with respond "onCompletion" a run that takes longer answers too late. Use respond "immediately" (202 at once)`
  );
}
