import type { Hono } from 'hono';
import { readJson, readQuery } from '../kit/body.ts';
import { nextId } from '../kit/ids.ts';
import type { System } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { referencedAccount } from './accounts.ts';
import { byProject, rateCardCreate, scheduleCreate } from './schemas.ts';
import type { BillingSchedule, BillingStore, RateCard } from './types.ts';

const forProject = <T extends { projectCode: string }>(m: Map<string, T>, code: string | undefined) =>
  [...m.values()].filter((x) => code === undefined || x.projectCode === code);

/** Billing schedules and rate cards: what a project will be billed, and at which rates. */
export function planRoutes(api: Hono<SysEnv>, sys: System<BillingStore>): void {
  const s = sys.store;
  api.get('/schedules', (c) => c.json({ schedules: forProject(s.schedules, readQuery(c, byProject).projectCode) }));
  api.post('/schedules', async (c) => {
    const b = await readJson(c, scheduleCreate);
    const account = referencedAccount(s, b.accountId);
    const x: BillingSchedule = {
      scheduleId: nextId(s.seq, 'schedule', 'BS-'),
      ...b,
      currency: b.currency ?? account.currency,
    };
    s.schedules.set(x.scheduleId, x);
    return c.json(x, 201);
  });

  api.get('/rate-cards', (c) => c.json({ rateCards: forProject(s.rateCards, readQuery(c, byProject).projectCode) }));
  api.post('/rate-cards', async (c) => {
    const x: RateCard = { id: nextId(s.seq, 'rateCard', 'RC-'), ...(await readJson(c, rateCardCreate)) };
    s.rateCards.set(x.id, x);
    return c.json(x, 201);
  });
}
