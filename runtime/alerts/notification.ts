import type { AlertDetail, Notification, NotificationEvent } from '../../shared/alert-history.ts';
import type { IncidentRow } from '../store/alert-store.ts';

/** The designer's page of a run, under the installation's public address (WEFT_PUBLIC_URL). */
export function runUrl(publicUrl: string | null, runId: string | null): string | null {
  if (!publicUrl || !runId) return null;
  return `${publicUrl.replace(/\/+$/, '')}/runs/${encodeURIComponent(runId)}`;
}

/** The notification of an incident's event, as queued for each channel (a webhook receives it as it is). */
export function notificationOf(
  incident: IncidentRow,
  event: NotificationEvent,
  now: number,
  publicUrl: string | null,
): Notification {
  const detail = incident.detail as AlertDetail;
  return {
    event,
    ...detail,
    incident: {
      id: incident.id,
      ruleId: incident.ruleId,
      ruleName: incident.ruleName,
      kind: incident.kind,
      since: incident.since,
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      occurrences: incident.occurrences,
    },
    runUrl: runUrl(publicUrl, detail.runId),
    at: now,
  };
}

const HEADLINE: Record<NotificationEvent, string> = {
  opened: 'Alert',
  repeat: 'Still failing',
  resolved: 'Resolved',
};

/** The one line a notification leads with: "[Alert] <rule>: <summary>". */
export function headline(n: Notification): string {
  return `[${HEADLINE[n.event]}] ${n.incident.ruleName}: ${n.summary}`;
}

/** The facts of a notification as label and value, the ones it has. */
export function facts(n: Notification): [string, string][] {
  const rows: [string, string | null][] = [
    ['Flow', n.flowName && n.flowId ? `${n.flowName} (${n.flowId})` : null],
    ['Business process', n.businessProcess],
    ['Criticality', n.criticality],
    ['Owner', n.owner],
    ['Business key', n.businessKey],
    ['Error', n.error ? `${n.error.code}: ${n.error.message}` : null],
    ['Host', n.host],
    ['Run', n.runUrl ?? n.runId],
    ['Since', new Date(n.incident.since).toISOString()],
    ['Occurrences', n.incident.occurrences > 1 ? String(n.incident.occurrences) : null],
    ['Resolved', n.incident.resolvedAt === null ? null : new Date(n.incident.resolvedAt).toISOString()],
  ];
  return rows.filter((r): r is [string, string] => r[1] !== null);
}

/** Slack's incoming-webhook message: a text fallback and blocks (a header line and the facts). */
export function slackMessage(n: Notification): { text: string; blocks: unknown[] } {
  const text = headline(n);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const fields = facts(n).map(([label, value]) => ({
    type: 'mrkdwn',
    text: `*${label}*\n${label === 'Run' && n.runUrl ? `<${n.runUrl}|${esc(n.runId ?? 'run')}>` : esc(value)}`,
  }));
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${esc(text)}*` } }];
  // Slack takes at most 10 fields in a section.
  for (let i = 0; i < fields.length; i += 10) blocks.push({ type: 'section', fields: fields.slice(i, i + 10) });
  return { text, blocks };
}

/** An email: the headline as subject, the facts as plain text. */
export function emailMessage(n: Notification): { subject: string; text: string } {
  const lines = facts(n).map(([label, value]) => `${label}: ${value}`);
  return {
    subject: headline(n)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 250),
    text: `${n.summary}\n\n${lines.join('\n')}\n\nRule: ${n.incident.ruleName} (${n.incident.kind}), incident ${n.incident.id}\n`,
  };
}
