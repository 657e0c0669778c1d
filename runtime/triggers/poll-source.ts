import { Cron } from 'croner';
import { pollTriggerConfig, type PollTriggerConfig } from '../../nodes/trigger/poll.node.ts';
import { type ActiveTrigger, type EventSource, type SourceContext, startTriggerRun } from './event-source.ts';
import { cursorAfter, initialCursor, parseCursor, pollDedupeKey, type PollCursor } from './poll-cursor.ts';
import { fetchPage } from './poll-page.ts';

/** After failed polls the wait doubles, up to this many intervals. */
const MAX_BACKOFF_FACTOR = 10;

/** The trigger's stored cursor and its revision (0: none stored, the configured initial cursor). */
export async function currentCursor(
  ctx: Pick<SourceContext, 'store'>,
  t: Pick<ActiveTrigger, 'flowId' | 'nodeId'>,
  c: PollTriggerConfig,
): Promise<{ cursor: PollCursor; revision: number }> {
  const row = await ctx.store.pollCursors.get(t.flowId, t.nodeId);
  if (!row) return { cursor: initialCursor(c), revision: 0 };
  return { cursor: parseCursor(c, JSON.parse(row.cursor), 'the stored cursor'), revision: row.revision };
}

/**
 * One poll: page after page from the stored cursor, each page's runs started (and stored) before the cursor
 * moves past them by a compare-and-set on the revision read. Another process (or an operator) that moved
 * the cursor meanwhile ends the poll; the records both saw start one run each (dedupe on id + version).
 */
export async function pollOnce(
  t: ActiveTrigger,
  ctx: SourceContext,
  c: PollTriggerConfig,
  signal: AbortSignal,
): Promise<{ started: number; pages: number }> {
  let { cursor, revision } = await currentCursor(ctx, t, c);
  let started = 0;
  let pages = 0;
  while (pages < c.maxPages && !signal.aborted) {
    const page = await fetchPage(ctx, c, cursor, signal);
    pages++;
    if (page.length === 0) break;
    // Started together, so the store commits them in one go; the cursor waits for every one of them.
    const results = await Promise.allSettled(
      page.map((r) => startTriggerRun(ctx, t, { body: r.record }, pollDedupeKey(t.nodeId, r))),
    );
    for (const r of results) {
      if (r.status === 'rejected') throw r.reason;
      if (!r.value.duplicate) started++;
    }
    const next = cursorAfter(c.cursor.kind, page);
    const moved = await ctx.store.write((tx) =>
      tx.pollCursors.advance(t.flowId, t.nodeId, revision, JSON.stringify(next), ctx.clock.now()),
    );
    if (!moved) {
      ctx.logger.debug('poll cursor was moved by another process; polling again later', {
        flowId: t.flowId,
        nodeId: t.nodeId,
      });
      break;
    }
    cursor = next;
    revision++;
    if (page.length < c.limit) break;
  }
  return { started, pages };
}

/** The wait before the next poll: the interval (or until the next cron time), longer after failures. */
function nextDelay(c: PollTriggerConfig, now: number, failures: number): number {
  const base = c.cron
    ? Math.max(0, (new Cron(c.cron, { paused: true, timezone: 'UTC' }).nextRun(new Date(now))?.getTime() ?? now) - now)
    : c.intervalMs;
  if (failures === 0) return base;
  const step = c.cron ? 60_000 : c.intervalMs;
  return Math.max(base, step * Math.min(2 ** (failures - 1), MAX_BACKOFF_FACTOR));
}

/** Polls each active trigger.poll on its interval (or cron); errors are logged and retried with backoff. */
export const pollSource: EventSource = {
  kind: 'poll',
  start(t, ctx) {
    const c = pollTriggerConfig.parse(t.config);
    const abort = new AbortController();
    let timer: unknown = null;
    let failures = 0;
    let current: Promise<void> = Promise.resolve();
    const where = { flowId: t.flowId, nodeId: t.nodeId, path: c.request.path };
    const poll = async () => {
      try {
        const { started, pages } = await pollOnce(t, ctx, c, abort.signal);
        failures = 0;
        if (started) ctx.logger.info('poll started runs', { ...where, started, pages });
      } catch (err) {
        if (abort.signal.aborted) return;
        failures++;
        ctx.logger.warn('poll failed; trying again later', { ...where, failures, error: (err as Error).message });
      } finally {
        if (!abort.signal.aborted) timer = ctx.clock.setTimer(tick, nextDelay(c, ctx.clock.now(), failures));
      }
    };
    const tick = () => {
      current = poll();
      return current;
    };
    timer = ctx.clock.setTimer(tick, c.cron ? nextDelay(c, ctx.clock.now(), 0) : 0);
    return {
      async stop() {
        abort.abort();
        if (timer !== null) ctx.clock.clearTimer(timer);
        await current;
      },
    };
  },
};
