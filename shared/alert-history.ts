import { z } from 'zod';
import { ALERT_KINDS } from './alerts.ts';
import { CRITICALITIES } from './business.ts';

/** What an incident is about, as its last occurrence found it; the body of every notification. */
export const alertDetailSchema = z.object({
  summary: z.string().describe('One line: what holds, e.g. "Run failed: Invoice sync (ERP answered 500)"'),
  flowId: z.string().nullable(),
  flowName: z.string().nullable(),
  businessProcess: z.string().nullable(),
  criticality: z.enum(CRITICALITIES).nullable(),
  owner: z.string().nullable(),
  businessKey: z.string().nullable().describe('The business object of the run, when the flow names one'),
  runId: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  host: z.string().nullable().describe('The downstream host:port or connection (circuit_open)'),
  value: z.number().nullable().describe('What was measured: failure %, runs in the queue, minutes open…'),
  threshold: z.number().nullable().describe('What the rule allows'),
});
export type AlertDetail = z.infer<typeof alertDetailSchema>;

export const NOTIFICATION_EVENTS = ['opened', 'repeat', 'resolved'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** The JSON a webhook channel receives (and what Slack and email messages are written from). */
export const notificationSchema = alertDetailSchema.extend({
  event: z.enum(NOTIFICATION_EVENTS),
  incident: z.object({
    id: z.string(),
    ruleId: z.string(),
    ruleName: z.string(),
    kind: z.enum(ALERT_KINDS),
    since: z.number().int(),
    openedAt: z.number().int().nullable(),
    resolvedAt: z.number().int().nullable(),
    occurrences: z.number().int(),
  }),
  runUrl: z.string().nullable().describe('The run in the designer (WEFT_PUBLIC_URL); null when not set or no run'),
  at: z.number().int().describe('When the notification was made (ms since epoch)'),
});
export type Notification = z.infer<typeof notificationSchema>;

export const deliveryViewSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  event: z.enum(NOTIFICATION_EVENTS),
  status: z.enum(['pending', 'sent', 'failed']).describe('"failed": given up after the last attempt'),
  attempts: z.number().int(),
  nextAttemptAt: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number().int(),
  sentAt: z.number().int().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

export const incidentViewSchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: z.enum(ALERT_KINDS),
  groupKey: z.string().describe('What the incident is about for its rule, e.g. flow:invoice-sync or host:erp:443'),
  status: z
    .enum(['pending', 'open', 'resolved'])
    .describe('"pending": holding, not yet for as long as the rule asks before notifying'),
  flowId: z.string().nullable(),
  since: z.number().int(),
  openedAt: z.number().int().nullable(),
  lastSeenAt: z.number().int(),
  resolvedAt: z.number().int().nullable(),
  notifiedAt: z.number().int().nullable(),
  occurrences: z.number().int(),
  detail: alertDetailSchema,
  deliveries: z.array(deliveryViewSchema),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;
