import type { Hono } from 'hono';
import { readJson, readQuery } from '../kit/body.ts';
import { conflict, invalid, notFound } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import { fromCents, toCents } from '../kit/money.ts';
import type { System } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { accountCreate, accountQuery } from './schemas.ts';
import type { BillingAccount, BillingStore } from './types.ts';

export function getAccount(s: BillingStore, id: string): BillingAccount {
  const a = s.accounts.get(id);
  if (!a) throw notFound('billing account', id);
  return a;
}

/** For bodies that name an account: an unknown one is a field error (422), not a 404. */
export function referencedAccount(s: BillingStore, id: string): BillingAccount {
  const a = s.accounts.get(id);
  if (!a)
    throw invalid(`accountId "${id}" does not reference a billing account`, [
      { field: 'accountId', message: `unknown account "${id}"` },
    ]);
  return a;
}

export function accountRoutes(api: Hono<SysEnv>, sys: System<BillingStore>): void {
  const s = sys.store;
  api.get('/accounts', (c) => {
    const { crmAccountId, erpCustomerNo } = readQuery(c, accountQuery);
    const accounts = [...s.accounts.values()].filter(
      (a) =>
        (crmAccountId === undefined || a.crmAccountId === crmAccountId) &&
        (erpCustomerNo === undefined || a.erpCustomerNo === erpCustomerNo),
    );
    return c.json({ accounts });
  });
  api.get('/accounts/:id', (c) => c.json(getAccount(s, c.req.param('id'))));
  api.post('/accounts', async (c) => {
    const b = await readJson(c, accountCreate);
    const existing = [...s.accounts.values()].find((a) => a.erpCustomerNo === b.erpCustomerNo);
    if (existing)
      throw conflict('account_exists', `an account for ERP customer "${b.erpCustomerNo}" already exists`, {
        account: existing,
      });
    const a: BillingAccount = { accountId: nextId(s.seq, 'account', 'BA-'), ...b };
    s.accounts.set(a.accountId, a);
    return c.json(a, 201);
  });
  /** Open = posted and not yet paid. */
  api.get('/accounts/:id/receivables', (c) => {
    const a = getAccount(s, c.req.param('id'));
    const open = [...s.invoices.values()].filter((i) => i.accountId === a.accountId && i.status === 'posted');
    const cents = open.reduce((t, i) => t + toCents(i.total), 0);
    return c.json({
      accountId: a.accountId,
      openAmount: fromCents(cents),
      currency: a.currency,
      openInvoices: open.length,
    });
  });
}
