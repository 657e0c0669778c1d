import { beforeEach, describe, expect, it } from 'vitest';
import { createSampleSystems, type SampleSystems } from '../index.ts';
import { call, fakeClock } from '../testing.ts';

describe('PSA time entries changed since', () => {
  let sys: SampleSystems;
  let clock: ReturnType<typeof fakeClock>;
  const entry = (consultant: string) => ({
    projectCode: 'NW-1',
    consultant,
    role: 'consultant',
    date: '2025-06-02',
    hours: 4,
  });
  const add = async (consultant: string) =>
    (await call(sys.app, 'POST', '/psa/v1/time-entries', entry(consultant))).body;
  const changes = async (q: Record<string, string>) =>
    call(sys.app, 'GET', `/psa/v1/time-entries/changes?${new URLSearchParams(q)}`);
  /** Reads every page from a cursor; returns "id@version" in the order answered and the cursor after the last page. */
  const drain = async (cursor: { since?: string; afterId?: string | null }, limit: number) => {
    const seen: string[] = [];
    let c = cursor;
    for (let page = 0; page < 50; page++) {
      const q: Record<string, string> = { limit: String(limit) };
      if (c.since) q.since = c.since;
      if (c.afterId) q.afterId = c.afterId;
      const r = await changes(q);
      expect(r.status).toBe(200);
      seen.push(...r.body.timeEntries.map((t: { id: string; version: number }) => `${t.id}@${t.version}`));
      c = r.body.nextCursor;
      if (!r.body.hasMore) return { seen, cursor: c };
    }
    throw new Error('more than 50 pages of changes');
  };

  beforeEach(() => {
    clock = fakeClock();
    sys = createSampleSystems({ now: clock.now, crmRateLimit: false });
  });

  it('orders by (updatedAt, id) and pages through ties on one timestamp without a miss or a double', async () => {
    // Twelve entries at one instant (TE-1 … TE-12: "TE-10" sorts after "TE-9"), then two later ones.
    for (let i = 1; i <= 12; i++) await add(`c${i}`);
    clock.advance(1000);
    await add('late-1');
    await add('late-2');
    const { seen, cursor } = await drain({}, 5);
    expect(seen).toEqual([...Array.from({ length: 14 }, (_, i) => `TE-${i + 1}@1`)]);
    expect(cursor).toEqual({ since: '2025-06-02T09:00:01.000Z', afterId: 'TE-14' });
    const page = await changes({ limit: '3', since: '2025-06-02T09:00:00.000Z', afterId: 'TE-9' });
    expect(page.body.timeEntries.map((t: { id: string }) => t.id)).toEqual(['TE-10', 'TE-11', 'TE-12']);
    expect(page.body.hasMore).toBe(true);
  });

  it('answers an entry changed after it was read again, with a higher version, after the cursor', async () => {
    await add('ada');
    await add('bob');
    const first = await drain({}, 10);
    expect(first.seen).toEqual(['TE-1@1', 'TE-2@1']);
    expect((await drain(first.cursor, 10)).seen).toEqual([]);

    clock.advance(60_000);
    expect((await call(sys.app, 'POST', '/psa/v1/time-entries/TE-1/approve')).status).toBe(200);
    const next = await drain(first.cursor, 10);
    expect(next.seen).toEqual(['TE-1@2']);
    const again = await changes({ since: next.cursor.since ?? '', afterId: next.cursor.afterId ?? '' });
    expect(again.body).toEqual({ timeEntries: [], nextCursor: next.cursor, hasMore: false });
    const approved = (await changes({})).body.timeEntries.find((t: { id: string }) => t.id === 'TE-1');
    expect(approved).toMatchObject({ status: 'approved', version: 2, updatedAt: '2025-06-02T09:01:00.000Z' });
  });

  it('refuses a cursor that is not one, naming the parameter', async () => {
    const bad = await changes({ since: 'last tuesday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('since');
    expect((await changes({ limit: '0' })).body.error.fields[0].field).toBe('limit');
    expect((await changes({ limit: 'ten' })).status).toBe(400);
  });
});
