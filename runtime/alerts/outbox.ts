import type { Notification } from '../../shared/alert-history.ts';
import type { Clock } from '../engine/clock.ts';
import type { Logger } from '../logger.ts';
import type { DeliveryRow } from '../store/alert-store.ts';
import type { Store } from '../store/ports.ts';
import type { ChannelTarget } from './senders.ts';

export interface OutboxOptions {
  store: Pick<Store, 'write' | 'alerts' | 'oneAtATime'>;
  clock: Clock;
  logger: Logger;
  /** The channel with its secrets opened; null when it no longer exists. */
  target(channelId: string): Promise<ChannelTarget | null>;
  send(target: ChannelTarget, n: Notification, deliveryId: string): Promise<void>;
  /** Attempts before a delivery is given up (default 10). */
  maxAttempts?: number;
}

/** First wait between attempts; each later one doubles, up to RETRY_MAX_MS. */
export const RETRY_FIRST_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;
/** A delivery taken for an attempt is tried again after this should its process die while sending. */
const CLAIM_MS = 5 * 60_000;
/** Deliveries sent in one pass. */
const BATCH = 50;

/** The wait after attempt `attempts` (1, 2, …) failed: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelay(attempts: number): number {
  return Math.min(RETRY_FIRST_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/**
 * Due deliveries grouped by channel, each group in the order given: a channel is sent one notification at a
 * time, so a receiver hears that an incident resolved before it hears of the next one; channels go in parallel.
 */
export function byChannel(due: readonly DeliveryRow[]): DeliveryRow[][] {
  const queues = new Map<string, DeliveryRow[]>();
  for (const d of due) {
    const q = queues.get(d.channelId);
    if (q) q.push(d);
    else queues.set(d.channelId, [d]);
  }
  return [...queues.values()];
}

/**
 * The outbox of alert notifications: pending rows of alert_deliveries, sent when due, one process of a
 * cluster at a time. A failed attempt waits (retryDelay, on the engine's clock) and is tried again; after
 * the last one the delivery is failed with its error. The next due time is data, read back after each pass.
 */
export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: unknown = null;
  private stopped = false;

  constructor(private readonly o: OutboxOptions) {}

  /** Sends what is due now (after a pass under way), then waits for the next due delivery. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const pass = async () => {
      try {
        do {
          this.again = false;
          await this.o.store.oneAtATime('alert-deliveries', () => this.once());
        } while (this.again && !this.stopped);
      } catch (err) {
        this.o.logger.error('alert notifications could not be sent; trying again shortly', {
          error: (err as Error).message,
        });
      }
      await this.arm();
    };
    this.running = pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
    await this.running;
  }

  private async once(): Promise<void> {
    const now = this.o.clock.now();
    const due = await this.o.store.alerts.dueDeliveries(now, BATCH);
    await Promise.all(
      byChannel(due).map(async (queue) => {
        for (const d of queue) await this.attempt(d, now);
      }),
    );
    if (due.length === BATCH) this.again = true;
  }

  private async attempt(d: DeliveryRow, now: number): Promise<void> {
    const claimed = await this.o.store.write((tx) => tx.alerts.claimDelivery(d.id, now, now + CLAIM_MS));
    if (!claimed) return;
    const attempts = d.attempts + 1;
    let error: string | null = null;
    let final = false;
    try {
      const target = await this.o.target(d.channelId);
      if (!target) {
        final = true;
        throw new Error('the channel was deleted');
      }
      await this.o.send(target, d.payload as Notification, d.id);
    } catch (err) {
      error = (err as Error).message || String(err);
    }
    const at = this.o.clock.now();
    const giveUp = final || attempts >= (this.o.maxAttempts ?? 10);
    const outcome =
      error === null
        ? { status: 'sent' as const, at, nextAttemptAt: null, lastError: d.lastError }
        : giveUp
          ? { status: 'failed' as const, at, nextAttemptAt: null, lastError: error }
          : { status: 'pending' as const, at, nextAttemptAt: at + retryDelay(attempts), lastError: error };
    await this.o.store.write((tx) => tx.alerts.settleDelivery(d.id, outcome));
    if (error !== null)
      this.o.logger.warn(
        giveUp ? 'an alert notification could not be delivered; given up' : 'an alert notification failed; retrying',
        { deliveryId: d.id, channelId: d.channelId, attempts, error, nextAttemptAt: outcome.nextAttemptAt },
      );
  }

  /** A timer for the earliest pending delivery (the store says when). */
  private async arm(): Promise<void> {
    if (this.stopped) return;
    let next: number | null;
    try {
      next = await this.o.store.alerts.nextDeliveryAt();
    } catch {
      next = this.o.clock.now() + RETRY_FIRST_MS;
    }
    if (this.timer !== null) this.o.clock.clearTimer(this.timer);
    this.timer = null;
    if (next === null || this.stopped) return;
    this.timer = this.o.clock.setTimer(
      () => {
        this.timer = null;
        return this.kick();
      },
      Math.max(0, next - this.o.clock.now()),
    );
  }
}
