import type { NotificationEvent } from '../../shared/alert-history.ts';
import type { AlertRuleRow, IncidentRow } from '../store/alert-store.ts';
import type { Finding } from './conditions.ts';

/** What becomes of a rule's incident for a key: a row to insert or update (or delete), and what to notify. */
export type Change =
  | { kind: 'insert' | 'update'; incident: IncidentRow; notify: NotificationEvent | null }
  | { kind: 'delete'; id: string };

/** Whether an open incident's reminder is due: its rule repeats, and the last notification is that long ago. */
export function repeatDue(live: IncidentRow, rule: Pick<AlertRuleRow, 'repeatMinutes'>, now: number): boolean {
  return (
    live.status === 'open' &&
    rule.repeatMinutes !== null &&
    live.notifiedAt !== null &&
    now - live.notifiedAt >= rule.repeatMinutes * 60_000
  );
}

/**
 * The condition holds (`finding`): a new incident (pending until it has held for the finding's holdMs,
 * else open and notified), a pending one that has now held long enough opens, an open one counts the
 * occurrence and reminds when its rule's repeat is due.
 */
export function holding(
  live: IncidentRow | undefined,
  rule: AlertRuleRow,
  f: Finding,
  now: number,
  newId: () => string,
): Change {
  const holdMs = f.holdMs ?? 0;
  if (!live) {
    const since = Math.min(f.since ?? now, now);
    const open = now - since >= holdMs;
    const incident: IncidentRow = {
      id: newId(),
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.kind,
      groupKey: f.groupKey,
      status: open ? 'open' : 'pending',
      flowId: f.flowId,
      since,
      openedAt: open ? now : null,
      lastSeenAt: now,
      resolvedAt: null,
      notifiedAt: open ? now : null,
      occurrences: 1,
      detail: f.detail,
    };
    return { kind: 'insert', incident, notify: open ? 'opened' : null };
  }
  const seen: IncidentRow = { ...live, lastSeenAt: now, occurrences: live.occurrences + 1, detail: f.detail };
  if (live.status === 'pending') {
    if (now - live.since < holdMs) return { kind: 'update', incident: seen, notify: null };
    return { kind: 'update', incident: { ...seen, status: 'open', openedAt: now, notifiedAt: now }, notify: 'opened' };
  }
  if (repeatDue(live, rule, now)) return { kind: 'update', incident: { ...seen, notifiedAt: now }, notify: 'repeat' };
  return { kind: 'update', incident: seen, notify: null };
}

/** The condition no longer holds: a pending incident is dropped (nobody heard of it), an open one resolves. */
export function cleared(live: IncidentRow, now: number): Change {
  if (live.status === 'pending') return { kind: 'delete', id: live.id };
  const incident: IncidentRow = { ...live, status: 'resolved', resolvedAt: now };
  return { kind: 'update', incident, notify: 'resolved' };
}

/** An open incident's reminder: nothing else changes. */
export function reminded(live: IncidentRow, now: number): Change {
  return { kind: 'update', incident: { ...live, notifiedAt: now }, notify: 'repeat' };
}
