import type { Notification } from '../../shared/alert-history.ts';
import { newId } from '../engine/ids.ts';
import type { AlertRuleRow, IncidentRow } from '../store/alert-store.ts';
import type { Store, StoreParts } from '../store/ports.ts';
import type { Change } from './incidents.ts';
import { notificationOf } from './notification.ts';

/**
 * Decides a rule's incident for a key from the live one read inside the write, and writes the change with
 * its notifications in that write; true when notifications were queued. Should another process open the
 * incident first (the unique index refuses a second live one), the decision is made again from its row.
 * A new incident is opened only when `mayOpen` (asked in the same write) agrees.
 */
export function writeChange(
  store: Pick<Store, 'write'>,
  rule: AlertRuleRow,
  groupKey: string,
  decide: (live: IncidentRow | undefined) => Change | null,
  now: number,
  publicUrl: string | null,
  mayOpen?: (tx: StoreParts) => Promise<boolean>,
): Promise<boolean> {
  return store.write(async (tx) => {
    let change = decide(await tx.alerts.liveIncident(rule.id, groupKey));
    if (change?.kind === 'insert' && mayOpen && !(await mayOpen(tx))) return false;
    if (change?.kind === 'insert' && !(await tx.alerts.insertIncident(change.incident))) {
      change = decide(await tx.alerts.liveIncident(rule.id, groupKey));
      if (change?.kind === 'insert') return false;
    }
    if (!change) return false;
    if (change.kind === 'delete') {
      await tx.alerts.deleteIncident(change.id);
      return false;
    }
    if (change.kind === 'update') await tx.alerts.updateIncident(change.incident);
    if (!change.notify) return false;
    await queue(tx, rule, notificationOf(change.incident, change.notify, now, publicUrl), now);
    return true;
  });
}

/** One delivery of the notification to each of the rule's channels, due now. */
async function queue(tx: StoreParts, rule: AlertRuleRow, payload: Notification, now: number): Promise<void> {
  for (const channelId of rule.channelIds as string[])
    await tx.alerts.insertDelivery({
      id: newId('dlv', now),
      incidentId: payload.incident.id,
      channelId,
      event: payload.event,
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      sentAt: null,
    });
}
