import type { Hono } from 'hono';
import { z } from 'zod';
import { readJson, readQuery } from '../kit/body.ts';
import { invalid } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import { fromCents, toCents } from '../kit/money.ts';
import type { System } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { referencedAccount } from './accounts.ts';
import { byProject, heldLineCreate, invoiceLineCreate } from './schemas.ts';
import type { BillingStore, HeldLine, InvoiceLine } from './types.ts';

export const lineQuery = z.object({
  projectCode: z.string().optional(),
  accountId: z.string().optional(),
  status: z.enum(['pending', 'invoiced']).optional(),
});

/** Invoice lines (billable work waiting for an invoice) and held lines (work that may not be billed yet). */
export function lineRoutes(api: Hono<SysEnv>, sys: System<BillingStore>): void {
  const s = sys.store;
  api.get('/invoice-lines', (c) => {
    const q = readQuery(c, lineQuery);
    const invoiceLines = [...s.invoiceLines.values()].filter(
      (l) =>
        (q.projectCode === undefined || l.projectCode === q.projectCode) &&
        (q.accountId === undefined || l.accountId === q.accountId) &&
        (q.status === undefined || l.status === q.status),
    );
    return c.json({ invoiceLines });
  });
  api.post('/invoice-lines', async (c) => {
    const b = await readJson(c, invoiceLineCreate);
    const account = referencedAccount(s, b.accountId);
    const currency = b.currency ?? account.currency;
    if (currency !== account.currency)
      throw invalid('invoice line is invalid', [
        { field: 'currency', message: `account "${account.accountId}" bills in ${account.currency}, not ${currency}` },
      ]);
    // One multiplication rounded to whole cents; sums elsewhere stay in integers.
    const amount = fromCents(Math.round(b.quantity * toCents(b.unitPrice)));
    const { accountId, projectCode, description, quantity, unitPrice, sourceRef } = b;
    const line: InvoiceLine = {
      lineId: nextId(s.seq, 'line', 'IL-'),
      accountId,
      projectCode,
      description,
      quantity,
      unitPrice,
      amount,
      currency,
      sourceRef,
      status: 'pending',
    };
    s.invoiceLines.set(line.lineId, line);
    return c.json(line, 201);
  });

  api.get('/held-lines', (c) => {
    const { projectCode } = readQuery(c, byProject);
    return c.json({
      heldLines: [...s.heldLines.values()].filter((h) => projectCode === undefined || h.projectCode === projectCode),
    });
  });
  api.post('/held-lines', async (c) => {
    const b = await readJson(c, heldLineCreate);
    const h: HeldLine = { id: nextId(s.seq, 'held', 'HL-'), ...b, createdAt: new Date(sys.clock.now()).toISOString() };
    s.heldLines.set(h.id, h);
    return c.json(h, 201);
  });
}
