import type { HttpClient } from '../../nodes/define-node.ts';
import type { AlertDetail, IncidentView } from '../../shared/alert-history.ts';
import type { Clock } from '../engine/clock.ts';
import type { EgressPolicy } from '../engine/egress.ts';
import type { EngineObserver, RunEnded } from '../engine/engine-core.ts';
import type { Logger } from '../logger.ts';
import type { AuditLog } from '../security/audit.ts';
import type { SecretBox } from '../security/secret-box.ts';
import type { DeliveryRow, IncidentQuery, IncidentRow } from '../store/alert-store.ts';
import type { Store } from '../store/ports.ts';
import { AlertAdmin } from './alert-admin.ts';
import type { CircuitFact } from './conditions.ts';
import { Evaluator } from './evaluator.ts';
import { Outbox } from './outbox.ts';
import { send } from './senders.ts';

export interface AlertsOptions {
  store: Pick<Store, 'write' | 'alerts' | 'runs' | 'flows' | 'oneAtATime'>;
  audit: AuditLog;
  /** The connections' secret box: channel secrets are sealed with it. */
  box: SecretBox;
  clock: Clock;
  logger: Logger;
  /** The HTTP client with the egress guard (without circuits: a receiver's failures are not a connector's). */
  http: HttpClient;
  /** The egress guard itself: SMTP servers are checked by it too. */
  egress: Pick<EgressPolicy, 'lookup'>;
  circuits(): CircuitFact[];
  /** WEFT_PUBLIC_URL. */
  publicUrl: string | null;
  /** Between periodic evaluations (WEFT_ALERT_INTERVAL_S); 0: none. */
  intervalMs: number;
  /** Longest a webhook, Slack or SMTP exchange may take. */
  sendTimeoutMs?: number;
}

const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  channelId: d.channelId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt,
  lastError: d.lastError,
  createdAt: d.createdAt,
  sentAt: d.sentAt,
});

const incidentView = (i: IncidentRow, deliveries: DeliveryRow[]): IncidentView => ({
  id: i.id,
  ruleId: i.ruleId,
  ruleName: i.ruleName,
  kind: i.kind,
  groupKey: i.groupKey,
  status: i.status,
  flowId: i.flowId,
  since: i.since,
  openedAt: i.openedAt,
  lastSeenAt: i.lastSeenAt,
  resolvedAt: i.resolvedAt,
  notifiedAt: i.notifiedAt,
  occurrences: i.occurrences,
  detail: i.detail as AlertDetail,
  deliveries: deliveries.map(deliveryView),
});

/**
 * Alerts: rules and channels (admin), evaluation when runs end and on a tick, incidents, and the outbox
 * that delivers their notifications.
 */
export class Alerts {
  readonly admin: AlertAdmin;
  readonly evaluator: Evaluator;
  readonly outbox: Outbox;

  constructor(private readonly o: AlertsOptions) {
    this.outbox = new Outbox({
      store: o.store,
      clock: o.clock,
      logger: o.logger,
      target: (id) => this.admin.target(id),
      send: (target, n, id) =>
        send(target, n, id, {
          http: o.http,
          egress: o.egress,
          timeoutMs: o.sendTimeoutMs ?? 10_000,
          now: () => o.clock.now(),
        }),
    });
    this.evaluator = new Evaluator({
      store: o.store,
      clock: o.clock,
      logger: o.logger,
      circuits: o.circuits,
      publicUrl: o.publicUrl,
      queued: () => void this.outbox.kick(),
      intervalMs: o.intervalMs,
    });
    this.admin = new AlertAdmin({
      store: o.store,
      audit: o.audit,
      box: o.box,
      now: () => o.clock.now(),
      changed: () => this.evaluator.rulesChanged(),
    });
  }

  /** Starts the periodic evaluation and sends what was left pending. */
  start(): void {
    this.evaluator.start();
    void this.outbox.kick();
  }

  async stop(): Promise<void> {
    await this.evaluator.stop();
    await this.outbox.stop();
  }

  /** A run ended on this process (the engine tells). */
  runEnded(run: RunEnded): void {
    this.evaluator.runEnded(run);
  }

  /** The engine's observer: ended runs reach the alert rules, and everything reaches `other` (metrics) as before. */
  observer(other: EngineObserver | null): EngineObserver {
    return {
      runEnded: (run) => {
        other?.runEnded(run);
        this.runEnded(run);
      },
      stepCommitted: (step) => other?.stepCommitted(step),
    };
  }

  /** Incidents newest first, each with its deliveries. */
  async incidents(q: IncidentQuery): Promise<IncidentView[]> {
    const rows = await this.o.store.alerts.incidents(q);
    const deliveries = await this.o.store.alerts.deliveries(rows.map((r) => r.id));
    const by = new Map<string, DeliveryRow[]>();
    for (const d of deliveries) by.set(d.incidentId, [...(by.get(d.incidentId) ?? []), d]);
    return rows.map((r) => incidentView(r, by.get(r.id) ?? []));
  }
}
