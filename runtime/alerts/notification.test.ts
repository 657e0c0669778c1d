import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '../store/alert-store.ts';
import { emailMessage, notificationOf, runUrl, slackMessage } from './notification.ts';
import { retryDelay } from './outbox.ts';

const incident: IncidentRow = {
  id: 'inc_1',
  ruleId: 'rule_1',
  ruleName: 'Critical flows failing',
  kind: 'run_failed',
  groupKey: 'flow:invoices',
  status: 'open',
  flowId: 'invoices',
  since: Date.UTC(2026, 0, 1),
  openedAt: Date.UTC(2026, 0, 1),
  lastSeenAt: Date.UTC(2026, 0, 1),
  resolvedAt: null,
  notifiedAt: Date.UTC(2026, 0, 1),
  occurrences: 1,
  detail: {
    summary: 'Run failed: Invoices [INV-42] — http_5xx: ERP answered <500>',
    flowId: 'invoices',
    flowName: 'Invoices',
    businessProcess: 'Quote-to-cash',
    criticality: 'critical',
    owner: 'Finance IT',
    businessKey: 'INV-42',
    runId: 'run_9',
    error: { code: 'http_5xx', message: 'ERP answered <500>' },
    host: null,
    value: null,
    threshold: null,
  },
};

describe('notifications', () => {
  it('link to the run under the public URL', () => {
    expect(runUrl('https://weft.example.com/', 'run 1')).toBe('https://weft.example.com/runs/run%201');
    expect(runUrl(null, 'run_1')).toBeNull();
    expect(runUrl('https://weft.example.com', null)).toBeNull();
  });

  it('carry the incident, the business context and the run link', () => {
    const n = notificationOf(incident, 'opened', 123, 'https://weft.example.com');
    expect(n).toMatchObject({
      event: 'opened',
      businessKey: 'INV-42',
      criticality: 'critical',
      runUrl: 'https://weft.example.com/runs/run_9',
      incident: { id: 'inc_1', ruleName: 'Critical flows failing', kind: 'run_failed', occurrences: 1 },
      at: 123,
    });
  });

  it('read as a Slack message (escaped) and an email', () => {
    const n = notificationOf(incident, 'resolved', 123, 'https://weft.example.com');
    const slack = slackMessage(n);
    expect(slack.text).toBe(
      '[Resolved] Critical flows failing: Run failed: Invoices [INV-42] — http_5xx: ERP answered <500>',
    );
    const fields = JSON.stringify(slack.blocks);
    expect(fields).toContain('ERP answered &lt;500&gt;');
    expect(fields).toContain('<https://weft.example.com/runs/run_9|run_9>');
    const mail = emailMessage(n);
    expect(mail.subject).toBe(slack.text);
    expect(mail.text).toContain('Business key: INV-42');
    expect(mail.text).toContain('Business process: Quote-to-cash');
    expect(mail.text).toContain('Run: https://weft.example.com/runs/run_9');
  });

  it('are retried after 30 s, doubling, at most an hour apart', () => {
    expect([1, 2, 3, 8, 20].map(retryDelay)).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });
});
