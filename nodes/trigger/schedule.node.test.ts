import { describe, it, expect } from 'vitest';
import schedule from './schedule.node.ts';
import { makeTestContext } from '../testing.ts';

describe('trigger.schedule', () => {
  it('accepts a cron pattern with UTC by default', () => {
    expect(schedule.config.parse({ cron: '0 7 * * 1-5' })).toEqual({ cron: '0 7 * * 1-5', timezone: 'UTC' });
    expect(schedule.config.parse({ cron: '*/5 * * * *', timezone: 'Europe/Berlin' }).timezone).toBe('Europe/Berlin');
  });

  it('reports a bad cron pattern on "cron"', () => {
    const r = schedule.config.safeParse({ cron: '61 * * * *' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0].path).toEqual(['cron']);
    expect(r.error!.issues[0].message).toMatch(/invalid cron pattern "61 \* \* \* \*"/);
  });

  it('reports a bad time zone on "timezone"', () => {
    const r = schedule.config.safeParse({ cron: '0 7 * * *', timezone: 'Mars/Olympus' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([['timezone']]);
    expect(r.error!.issues[0].message).toMatch(/unknown time zone "Mars\/Olympus"/);
  });

  it('reports both when both are bad', () => {
    const r = schedule.config.safeParse({ cron: 'nonsense', timezone: 'Nowhere/Land' });
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(['cron', 'timezone']);
  });

  it('outputs the event body', async () => {
    const body = { scheduledAt: '2025-01-01T07:00:00.000Z' };
    const out = await schedule.execute(
      makeTestContext(),
      { body, scheduledAt: body.scheduledAt },
      schedule.config.parse({ cron: '0 7 * * *' }),
    );
    expect(out).toBe(body);
    expect(schedule.trigger).toBe('schedule');
  });
});
