import { z } from 'zod';
import { CRITICALITIES, type Criticality } from './business.ts';
import { plainName } from './plain-text.ts';

/** What an alert rule watches. */
export const ALERT_KINDS = ['run_failed', 'failure_rate', 'sla_breach', 'circuit_open', 'backlog', 'silent'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Where a notification goes. */
export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** True when `c` is `level` or more critical (critical > high > normal > low). */
export function atLeast(c: Criticality, level: Criticality): boolean {
  return CRITICALITIES.indexOf(c) <= CRITICALITIES.indexOf(level);
}

const id = z.string().min(1).max(100);
const minutes = (max: number) => z.number().int().min(1).max(max);
const WEEK_MIN = 7 * 24 * 60;

/** Which flows a rule watches: one flow, or every flow at or above a criticality. */
const scope = {
  flowId: id.optional().describe('Only this flow'),
  minCriticality: z
    .enum(CRITICALITIES)
    .optional()
    .describe('Every flow of this criticality or a more critical one (a flow without one is "normal")'),
};
const flowScoped = <T extends z.ZodRawShape>(shape: T) => z.object({ ...scope, ...shape }).strict();

/** The condition of each kind of rule. */
export const alertConditions = {
  run_failed: flowScoped({}),
  failure_rate: flowScoped({
    thresholdPercent: z.number().min(0).max(100).describe('Alert when more than this share of runs failed'),
    windowMinutes: minutes(WEEK_MIN).describe('Over the runs started in this many minutes'),
    minRuns: z.number().int().min(1).max(1_000_000).default(1).describe('…and at least this many finished'),
  }),
  sla_breach: flowScoped({}),
  circuit_open: z
    .object({
      minutes: minutes(WEEK_MIN).describe("Alert when a downstream's circuit stays open longer than this"),
      host: z.string().min(1).max(300).optional().describe('Only this host:port or connection; every one when absent'),
    })
    .strict(),
  backlog: z
    .object({
      queue: z
        .enum(['failed', 'unfinished'])
        .describe('"failed": the failed-runs queue; "unfinished": live runs running or waiting'),
      above: z.number().int().min(0).max(100_000_000).describe('Alert when the queue holds more runs than this'),
      flowId: id.optional().describe('Only the runs of this flow'),
    })
    .strict(),
  silent: flowScoped({}),
} satisfies Record<AlertKind, z.ZodType>;
export type AlertCondition<K extends AlertKind = AlertKind> = z.output<(typeof alertConditions)[K]>;

const ruleCommon = {
  name: plainName(100).min(1),
  enabled: z.boolean().default(true),
  channelIds: z.array(id).min(1).max(10).describe('The channels notified'),
  repeatMinutes: minutes(WEEK_MIN)
    .nullable()
    .default(null)
    .describe('While an incident stays open, notify again this often; null: once'),
};

const ruleOf = <K extends AlertKind>(kind: K) =>
  z.object({ kind: z.literal(kind), ...ruleCommon, condition: alertConditions[kind] });

/** What an admin sends to create or change a rule. */
export const alertRuleInput = z
  .discriminatedUnion(
    'kind',
    [
      ruleOf('run_failed'),
      ruleOf('failure_rate'),
      ruleOf('sla_breach'),
      ruleOf('circuit_open'),
      ruleOf('backlog'),
      ruleOf('silent'),
    ],
    { error: () => `kind must be one of ${ALERT_KINDS.join(', ')}` },
  )
  .superRefine((r, ctx) => {
    const c = r.condition as { flowId?: string; minCriticality?: string };
    if (!(r.kind in FLOW_SCOPED)) return;
    if (c.flowId !== undefined && c.minCriticality !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['condition', 'flowId'],
        message: 'name one flow or a criticality (minCriticality), not both',
      });
  });
export type AlertRuleInput = z.output<typeof alertRuleInput>;

/** Kinds whose rule names one flow or a criticality (neither: every flow). */
const FLOW_SCOPED = { run_failed: 1, failure_rate: 1, sla_breach: 1, silent: 1 } as const;

/** A rule as stored and shown. */
export const alertRuleSchema = z.object({
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  name: z.string(),
  enabled: z.boolean(),
  channelIds: z.array(z.string()),
  repeatMinutes: z.number().int().nullable(),
  condition: z.record(z.string(), z.unknown()),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  updatedBy: z.string().nullable(),
});
export type AlertRule = Omit<z.infer<typeof alertRuleSchema>, 'condition'> & { condition: AlertCondition };

const httpUrl = z
  .string()
  .max(2000)
  .refine(
    (u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol),
    'must be an absolute http:// or https:// URL',
  );
const email = z.email({ error: 'must be an email address' }).max(320);

/** Channel settings by kind. Secret fields (secret, url of Slack, auth.pass) are write-only: left out on update, kept. */
export const channelInputs = {
  webhook: z
    .object({
      url: httpUrl,
      secret: z
        .string()
        .min(16, 'must be at least 16 characters')
        .max(500)
        .optional()
        .describe('Signs each body: X-Weft-Signature: sha256=<hex HMAC-SHA256 of the body>'),
      allowPrivate: z.boolean().default(false).describe('May reach private and loopback addresses'),
    })
    .strict(),
  slack: z
    .object({
      url: httpUrl.optional().describe('The incoming webhook URL (kept secret)'),
      allowPrivate: z.boolean().default(false),
    })
    .strict(),
  email: z
    .object({
      host: z.string().min(1).max(255).describe('SMTP server'),
      port: z.number().int().min(1).max(65_535),
      secure: z.boolean().describe('true: TLS from the start (port 465); false: STARTTLS when offered'),
      from: email,
      to: z.array(email).min(1).max(20),
      auth: z
        .object({ user: z.string().min(1).max(320), pass: z.string().min(1).max(1000).optional() })
        .strict()
        .optional(),
    })
    .strict(),
} satisfies Record<ChannelKind, z.ZodType>;

const channelOf = <K extends ChannelKind>(kind: K) =>
  z.object({ kind: z.literal(kind), name: plainName(100).min(1), settings: channelInputs[kind] }).strict();

export const alertChannelInput = z.discriminatedUnion(
  'kind',
  [channelOf('webhook'), channelOf('slack'), channelOf('email')],
  { error: () => `kind must be one of ${CHANNEL_KINDS.join(', ')}` },
);
export type AlertChannelInput = z.output<typeof alertChannelInput>;

/** A channel as shown: its settings without the secret ones. */
export const alertChannelSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  settings: z.record(z.string(), z.unknown()).describe('Without the secret fields'),
  secretSet: z.boolean().describe('Whether a secret (signing secret, Slack URL, SMTP password) is stored'),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  updatedBy: z.string().nullable(),
  usedBy: z.array(z.string()).describe('Rules that notify it'),
});
export type AlertChannel = z.infer<typeof alertChannelSchema>;
