import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { standardWebhookHeaders } from '../../../runtime/api/webhook-presets/standard-webhooks.ts';

/** One event's delivery to Weft, recorded once it has settled. */
export interface Delivery {
  /** Hook path below `{weftUrl}/hooks/`, e.g. "crm/opportunity-won". */
  path: string;
  eventId: string;
  /** HTTP status of the last attempt; 0 when there was no answer or nothing was sent (no weftUrl). */
  status: number;
  /** Attempts made (0 when no weftUrl is set). */
  attempts: number;
}

/** An emitted event with its payload, for tests and the demo. */
export interface SentEvent {
  path: string;
  eventId: string;
  body: unknown;
}

export interface EmitterOptions {
  weftUrl?: string;
  /** Attempts per event, first included. Default 5. */
  attempts?: number;
  /** Delay before the second attempt, doubled after each. Default 200 ms. */
  backoffMs?: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /**
   * Signs each event with Standard Webhooks under this secret ("whsec_<base64>"): webhook-id (the event id),
   * webhook-timestamp and webhook-signature, freshly timed on every attempt. Unset: events go unsigned.
   */
  signingSecret?: string;
}

/**
 * Sends events to `POST {weftUrl}/hooks/<path>` with `Idempotency-Key: <eventId>`,
 * after the triggering request has been answered. Network errors and 5xx are
 * retried with doubling backoff; anything else settles the delivery.
 */
export class Emitter {
  readonly deliveries: Delivery[] = [];
  readonly sent: SentEvent[] = [];
  weftUrl: string | undefined;
  /** The Standard Webhooks secret events are signed with (see EmitterOptions); unset: unsigned. */
  signingSecret: string | undefined;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;
  private abort = shutdownController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(opts: EmitterOptions = {}) {
    this.weftUrl = opts.weftUrl;
    this.attempts = opts.attempts ?? 5;
    this.backoffMs = opts.backoffMs ?? 200;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.signingSecret = opts.signingSecret;
  }

  /** Queues an event; never blocks and never throws. */
  emit(path: string, body: { eventId: string }): void {
    this.sent.push({ path, eventId: body.eventId, body });
    const signal = this.abort.signal;
    const p = new Promise<void>((r) => setImmediate(r))
      .then(() => this.deliver(path, body, signal))
      .then((d) => {
        if (!signal.aborted) this.deliveries.push(d);
      })
      .catch(() => undefined)
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  /** Deliveries queued or being sent (retries included). */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when every queued delivery has settled. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Forgets everything; deliveries still retrying are abandoned. */
  reset(): void {
    this.abort.abort();
    this.abort = shutdownController();
    this.deliveries.length = 0;
    this.sent.length = 0;
  }

  close(): void {
    this.abort.abort();
  }

  private async deliver(path: string, body: { eventId: string }, signal: AbortSignal): Promise<Delivery> {
    const base = this.weftUrl?.replace(/\/+$/, '');
    if (!base) return { path, eventId: body.eventId, status: 0, attempts: 0 };
    let status = 0;
    let attempt = 0;
    while (attempt < this.attempts) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1), undefined, { signal });
      attempt++;
      status = await this.post(`${base}/hooks/${path}`, body, signal);
      if (status !== 0 && status < 500) break;
    }
    return { path, eventId: body.eventId, status, attempts: attempt };
  }

  private async post(url: string, body: { eventId: string }, signal: AbortSignal): Promise<number> {
    try {
      const text = JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': body.eventId };
      if (this.signingSecret)
        Object.assign(headers, standardWebhookHeaders(this.signingSecret, body.eventId, Date.now(), text));
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: text,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch (e) {
      if (signal.aborted) throw e;
      return 0;
    }
  }
}

/** One signal shared by every delivery in flight (each adds a listener), so no listener limit applies. */
function shutdownController(): AbortController {
  const c = new AbortController();
  setMaxListeners(0, c.signal);
  return c;
}
