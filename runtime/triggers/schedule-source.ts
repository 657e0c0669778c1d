import { Cron } from 'croner';
import { type EventSource, startTriggerRun } from './event-source.ts';

/** One cron job per active schedule trigger; each firing starts a run, once per fire time (dedupe). */
export const scheduleSource: EventSource = {
  kind: 'schedule',
  start(t, ctx) {
    const timezone = typeof t.config.timezone === 'string' ? t.config.timezone : 'UTC';
    const job = new Cron(String(t.config.cron), { timezone, protect: true }, async (self: Cron) => {
      const scheduledAt = (self.currentRun() ?? new Date()).toISOString();
      try {
        await startTriggerRun(
          ctx,
          t,
          { body: { scheduledAt, timezone }, scheduledAt },
          `schedule:${t.nodeId}:${scheduledAt}`,
        );
      } catch (err) {
        ctx.logger.error('scheduled run could not start', {
          flowId: t.flowId,
          nodeId: t.nodeId,
          error: (err as Error).message,
        });
      }
    });
    return {
      async stop() {
        job.stop();
      },
    };
  },
};
