import type { Hono } from 'hono';
import { readJson, readQuery } from '../kit/body.ts';
import { ApiError, conflict, notFound } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import { fromCents, sumCents } from '../kit/money.ts';
import type { System } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { referencedAccount } from './accounts.ts';
import { invoiceCreate, invoiceQuery } from './schemas.ts';
import type { BillingStore, Invoice } from './types.ts';

/** Draft (collects pending lines) → posted (emits `billing/invoice-posted`) → paid. */
export function invoiceRoutes(api: Hono<SysEnv>, sys: System<BillingStore>): void {
  const s = sys.store;
  const get = (id: string): Invoice => {
    const i = s.invoices.get(id);
    if (!i) throw notFound('invoice', id);
    return i;
  };

  api.get('/invoices', (c) => {
    const q = readQuery(c, invoiceQuery);
    const invoices = [...s.invoices.values()].filter(
      (i) =>
        (q.projectCode === undefined || i.projectCode === q.projectCode) &&
        (q.accountId === undefined || i.accountId === q.accountId) &&
        (q.status === undefined || i.status === q.status),
    );
    return c.json({ invoices });
  });
  api.get('/invoices/:id', (c) => c.json(get(c.req.param('id'))));

  api.post('/invoices', async (c) => {
    const b = await readJson(c, invoiceCreate);
    if (b.accountId !== undefined) referencedAccount(s, b.accountId);
    const lines = [...s.invoiceLines.values()].filter(
      (l) =>
        l.status === 'pending' &&
        l.projectCode === b.projectCode &&
        (b.accountId === undefined || l.accountId === b.accountId),
    );
    if (lines.length === 0)
      throw new ApiError(422, 'no_pending_lines', `project "${b.projectCode}" has no pending invoice lines`);
    const accounts = new Set(lines.map((l) => l.accountId));
    if (accounts.size > 1)
      throw new ApiError(
        422,
        'validation_failed',
        `pending lines of "${b.projectCode}" belong to several accounts; name one`,
        {
          fields: [{ field: 'accountId', message: `one of ${[...accounts].join(', ')} is required` }],
        },
      );
    const inv: Invoice = {
      invoiceId: nextId(s.seq, 'invoice', 'INV-'),
      accountId: lines[0].accountId,
      projectCode: b.projectCode,
      currency: lines[0].currency,
      total: fromCents(sumCents(lines.map((l) => l.amount))),
      lineIds: lines.map((l) => l.lineId),
      status: 'draft',
      postedAt: null,
    };
    for (const l of lines) l.status = 'invoiced';
    s.invoices.set(inv.invoiceId, inv);
    return c.json(inv, 201);
  });

  api.post('/invoices/:id/post', (c) => {
    const inv = get(c.req.param('id'));
    if (inv.status !== 'draft')
      throw conflict('invalid_state', `invoice "${inv.invoiceId}" is ${inv.status}, not draft`, { invoice: inv });
    inv.status = 'posted';
    inv.postedAt = new Date(sys.clock.now()).toISOString();
    sys.emit('billing/invoice-posted', 'invoice.posted', {
      invoice: inv,
      account: s.accounts.get(inv.accountId) ?? null,
    });
    return c.json(inv);
  });

  api.post('/invoices/:id/pay', (c) => {
    const inv = get(c.req.param('id'));
    if (inv.status !== 'posted')
      throw conflict('invalid_state', `invoice "${inv.invoiceId}" is ${inv.status}, not posted`, { invoice: inv });
    inv.status = 'paid';
    return c.json(inv);
  });
}
