import { z } from 'zod';
import { Cron } from 'croner';
import { defineNode, PORTS } from '../define-node.ts';
import { triggerBody } from './body.ts';

/** The message for an unknown time zone, or null when `Intl` knows it. */
export function checkTimezone(timeZone: string): string | null {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return null;
  } catch {
    return `unknown time zone "${timeZone}" (use an IANA name such as "Europe/Berlin" or "UTC")`;
  }
}

/** The message for a cron pattern croner rejects, or null when it is valid. */
export function checkCron(pattern: string, timezone?: string): string | null {
  try {
    new Cron(pattern, { paused: true, timezone });
    return null;
  } catch (err) {
    return `invalid cron pattern "${pattern}": ${(err as Error).message}`;
  }
}

const config = z
  .object({
    cron: z
      .string()
      .min(1)
      .max(200)
      .describe(
        'Cron pattern: minute hour day-of-month month day-of-week (optional leading seconds), e.g. "0 7 * * 1-5"',
      ),
    timezone: z
      .string()
      .min(1)
      .max(100)
      .default('UTC')
      .describe('IANA time zone the pattern is read in, e.g. "Europe/Berlin"'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const tz = checkTimezone(c.timezone);
    if (tz) ctx.addIssue({ code: 'custom', message: tz, path: ['timezone'] });
    const cron = checkCron(c.cron, tz ? undefined : c.timezone);
    if (cron) ctx.addIssue({ code: 'custom', message: cron, path: ['cron'] });
  });

export default defineNode({
  type: 'trigger.schedule',
  typeVersion: 1,
  title: 'Schedule',
  category: 'trigger',
  description: 'Starts a run on a cron schedule. Outputs the event body ({ scheduledAt }).',
  ports: PORTS.trigger,
  trigger: 'schedule',
  config,
  execute: (_ctx, input) => triggerBody(input),
});
