import type { HttpClient, HttpRequest, HttpResponse } from '../../nodes/define-node.ts';
import { retryAfterMs } from '../../nodes/connector/http-response.ts';
import { toErrorShape, WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { Clock } from '../engine/clock.ts';
import { CircuitBreaker, type Admission, type CircuitSnapshot } from './circuit-breaker.ts';
import { RateLimiter, type Limiter, type RateLimit, type RateLimitSnapshot } from './rate-limiter.ts';
import { SharedRateLimiter } from './shared-rate-limiter.ts';
import { SharedDownstreams, sharedOf, type SharedGuards } from './shared-downstreams.ts';
import type { HostRateLimit } from './rate-limit-config.ts';
import { duration } from './hold-error.ts';

export interface GuardOptions {
  /** Consecutive failures (network errors, timeouts, 5xx) that open a host's circuit; 0 disables circuits. */
  circuitFailures: number;
  circuitCooldownMs: number;
  rateLimits: HostRateLimit[];
  clock: Clock;
  /** Longest a request waits for its rate-limit turn before its step is held instead. */
  maxQueueWaitMs?: number;
  /**
   * Longest wait a downstream's Retry-After may ask for (default 5 minutes). A 429 pauses its host at
   * most this long; an answer asking for more fails its request (retryable, after this long).
   */
  retryAfterMaxMs?: number;
  /**
   * Processes sharing one database (a cluster): rate limits are kept in the store and hold for all of them
   * together; a circuit's failures are counted there by all of them, a circuit one process opens or closes
   * and a 429's pause of a host without a rate limit are written there, and `tell` lets the others adopt them.
   */
  shared?: SharedGuards;
}

export const DEFAULT_RETRY_AFTER_MAX_MS = 300_000;

export interface GuardStatus {
  circuits: CircuitSnapshot[];
  rateLimits: RateLimitSnapshot[];
}

const NO_ADMISSION: Admission = { probe: false };

/**
 * Wraps the HTTP client with a circuit breaker and a rate limiter per
 * downstream `host:port`: wait for a rate-limit turn, pass the circuit, send,
 * then record the outcome (5xx and retryable transport errors are failures;
 * 429 is neither, and its Retry-After pauses the host's queue, within a cap).
 */
export class GuardedHttp implements HttpClient {
  private readonly circuits = new Map<string, CircuitBreaker>();
  private readonly limiters = new Map<string, Limiter>();
  private readonly shared: SharedDownstreams | null;
  private adopting: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: HttpClient,
    private readonly o: GuardOptions,
  ) {
    for (const r of o.rateLimits) this.limiter(r.host, r);
    this.shared = o.shared
      ? new SharedDownstreams(o.shared, {
          failureThreshold: o.circuitFailures,
          cooldownMs: o.circuitCooldownMs,
          now: () => o.clock.now(),
        })
      : null;
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    // A request through a stored connection is guarded under the connection's key and rate limit.
    const host = req.guard?.key ?? hostOf(req.url);
    if (host === null) return this.inner.request(req);
    const circuit = this.circuit(host);
    const refused = circuit?.refusal();
    if (refused) throw refused;
    if (req.guard?.rateLimit) this.connectionLimiter(host, req.guard.rateLimit);
    await this.limiters.get(host)?.acquire(req.signal);
    const admission = circuit?.admit() ?? NO_ADMISSION;

    let res: HttpResponse;
    try {
      res = await this.inner.request(req);
    } catch (err) {
      const e = toErrorShape(err);
      if (e.retryable) await this.failed(circuit, admission, e.message);
      else circuit?.neutral(admission);
      throw err;
    }
    if (res.status === 429) circuit?.neutral(admission);
    else if (res.status >= 500) await this.failed(circuit, admission, `${req.method} ${host} answered ${res.status}`);
    else this.succeeded(circuit, admission);
    if (res.status === 429 || res.status >= 500) this.honourRetryAfter(req, res, host);
    return res;
  }

  /** A 429 pauses its host for what Retry-After asks, up to the cap; an answer asking for more than the cap fails. */
  private honourRetryAfter(req: HttpRequest, res: HttpResponse, host: string): void {
    const said = header(res, 'retry-after');
    const now = this.o.clock.now();
    const asked = retryAfterMs(said, now, Infinity);
    if (asked === undefined) return;
    const max = this.o.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS;
    if (res.status === 429 && asked > 0) this.pause(host, now + Math.min(asked, max));
    if (asked <= max) return;
    const where = `${req.method} ${req.url.split('?')[0]}`;
    throw new WeftError(
      res.status === 429 ? ErrorCodes.rateLimited : ErrorCodes.http5xx,
      `${where} answered ${res.status} asking to wait ${duration(asked)} (Retry-After: ${said}), longer than the ${duration(max)} allowed (WEFT_RETRY_AFTER_MAX_S); tried again in ${duration(max)}`,
      {
        retryable: true,
        retryAfterMs: max,
        details: { status: res.status, retryAfter: said, retryAfterMaxMs: max, body: res.body.slice(0, 2000) },
      },
    );
  }

  /** Every host seen (circuits) or configured or paused (rate limits). */
  status(): GuardStatus {
    const byHost = (a: { host: string }, b: { host: string }) => a.host.localeCompare(b.host);
    return {
      circuits: [...this.circuits.values()].map((c) => c.snapshot()).sort(byHost),
      rateLimits: [...this.limiters.values()].map((l) => l.snapshot()).sort(byHost),
    };
  }

  /**
   * Adopts what another process changed of `key`'s circuit (opened, closed, counted its first failure) or
   * pause, or (null) of every downstream.
   */
  circuitsChanged(key: string | null): Promise<void> {
    // One at a time, so what was read later is adopted later.
    const adopted = this.adopting.then(() => this.adopt(key));
    this.adopting = adopted.catch(() => {});
    return adopted;
  }

  private async adopt(key: string | null): Promise<void> {
    if (!this.shared) return;
    const circuits = this.o.circuitFailures > 0;
    const state = await this.shared.read(key, circuits);
    const rows = new Map(state.circuits.map((r) => [r.key, r]));
    const keys = !circuits ? [] : key === null ? new Set([...this.circuits.keys(), ...rows.keys()]) : [key];
    for (const k of keys) {
      const row = rows.get(k);
      this.circuit(k)?.adopt(row ? sharedOf(row) : null);
    }
    // A pause stands for a host without a rate limit; a limited one reads its pause with its turns.
    const longest = this.o.clock.now() + (this.o.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS);
    for (const p of state.pauses) {
      const l = this.limiter(p.key, null);
      if (!l.rate) l.pause(Math.min(p.pausedUntil, longest));
    }
  }

  /** Holds the host's requests until `until`; in a cluster, a host without a rate limit is paused for all. */
  private pause(host: string, until: number): void {
    const l = this.limiter(host, null);
    if (l.pause(until) && !l.rate) this.shared?.paused(host, until);
  }

  /** A failure of the host, counted here or, in a cluster, in the store by every process. */
  private async failed(circuit: CircuitBreaker | undefined, a: Admission, message: string): Promise<void> {
    if (!circuit) return;
    if (this.shared) await this.shared.failed(circuit, a, message);
    else circuit.failure(a, message);
  }

  private succeeded(circuit: CircuitBreaker | undefined, a: Admission): void {
    if (!circuit) return;
    if (this.shared) this.shared.succeeded(circuit, a);
    else circuit.success(a);
  }

  private circuit(host: string): CircuitBreaker | undefined {
    if (this.o.circuitFailures === 0) return undefined;
    let c = this.circuits.get(host);
    if (!c) {
      c = new CircuitBreaker(host, {
        failureThreshold: this.o.circuitFailures,
        cooldownMs: this.o.circuitCooldownMs,
        now: () => this.o.clock.now(),
        changed: this.shared ? (snap) => this.shared!.publish(snap) : undefined,
      });
      this.circuits.set(host, c);
    }
    return c;
  }

  /** The limiter of a connection, replaced when an admin changed its rate. */
  private connectionLimiter(key: string, rate: RateLimit): void {
    const current = this.limiters.get(key)?.rate;
    if (current && current.limit === rate.limit && current.intervalMs === rate.intervalMs) return;
    this.limiters.set(key, this.newLimiter(key, rate));
  }

  private limiter(host: string, rate: HostRateLimit | null): Limiter {
    let l = this.limiters.get(host);
    if (!l) {
      l = this.newLimiter(host, rate);
      this.limiters.set(host, l);
    }
    return l;
  }

  /** A limit is shared by the processes of a cluster; a host without one only queues behind 429 pauses, here. */
  private newLimiter(key: string, rate: RateLimit | null): Limiter {
    const o = { maxWaitMs: this.o.maxQueueWaitMs ?? 30_000, clock: this.o.clock };
    const shared = this.o.shared;
    if (rate && shared)
      return new SharedRateLimiter(key, {
        ...o,
        rate: { limit: rate.limit, intervalMs: rate.intervalMs },
        store: shared.store,
        lost: shared.lost,
      });
    return new RateLimiter(key, { ...o, rate });
  }
}

/** The key of a downstream: `host:port` as the URL spells it (no port when it is the scheme's default). */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

function header(res: HttpResponse, name: string): string | undefined {
  const key = Object.keys(res.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : res.headers[key];
}
