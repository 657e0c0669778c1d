import { Hono } from 'hono';
import type { System, SystemDef } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { accountRoutes } from './accounts.ts';
import { invoiceRoutes } from './invoices.ts';
import { lineRoutes } from './lines.ts';
import { planRoutes } from './plans.ts';
import { seedBilling, type BillingStore } from './types.ts';

function routes(sys: System<BillingStore>): Hono<SysEnv> {
  const api = new Hono<SysEnv>();
  accountRoutes(api, sys);
  planRoutes(api, sys);
  lineRoutes(api, sys);
  invoiceRoutes(api, sys);
  return api;
}

export const billing: SystemDef<BillingStore> = {
  name: 'billing',
  basePath: '/api',
  seed: seedBilling,
  counts: (s) => ({
    accounts: s.accounts.size,
    schedules: s.schedules.size,
    rateCards: s.rateCards.size,
    invoiceLines: s.invoiceLines.size,
    heldLines: s.heldLines.size,
    invoices: s.invoices.size,
  }),
  routes,
};
