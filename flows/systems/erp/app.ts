import { Hono } from 'hono';
import { z } from 'zod';
import { readJson, readQuery } from '../kit/body.ts';
import { conflict, invalid, notFound } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import { toCents } from '../kit/money.ts';
import type { System, SystemDef } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import { validateCustomer } from './customers.ts';
import {
  byProjectCode,
  customerCreate,
  customerQuery,
  expensePostingCreate,
  invoiceCreate,
  journalEntryCreate,
  projectCreate,
  projectQuery,
  revenueScheduleCreate,
} from './schemas.ts';
import { seedErp, type ErpStore } from './types.ts';

const byCode = <T extends { projectCode: string }>(items: Iterable<T>, code: string | undefined) =>
  [...items].filter((x) => code === undefined || x.projectCode === code);

function routes(sys: System<ErpStore>): Hono<SysEnv> {
  const api = new Hono<SysEnv>();
  const s = sys.store;

  api.get('/customers', (c) => {
    const { externalRef } = readQuery(c, customerQuery);
    return c.json({
      customers: [...s.customers.values()].filter((x) => externalRef === undefined || x.externalRef === externalRef),
    });
  });
  api.get('/customers/:customerNo', (c) => {
    const x = s.customers.get(c.req.param('customerNo'));
    if (!x) throw notFound('customer', c.req.param('customerNo'));
    return c.json(x);
  });
  api.post('/customers', async (c) => {
    const valid = validateCustomer(await readJson(c, customerCreate));
    const x = { customerNo: nextId(s.seq, 'customer', 'C-'), ...valid };
    s.customers.set(x.customerNo, x);
    return c.json(x, 201);
  });

  api.get('/projects', (c) => {
    const { code } = readQuery(c, projectQuery);
    return c.json({ projects: [...s.projects.values()].filter((p) => code === undefined || p.code === code) });
  });
  api.get('/projects/:projectNo', (c) => {
    const p = s.projects.get(c.req.param('projectNo'));
    if (!p) throw notFound('project', c.req.param('projectNo'));
    return c.json(p);
  });
  type ProjectInput = z.infer<typeof projectCreate>;
  /** Checks a new project against the store (and the others of its batch); throws the system's error. */
  const checkProject = (b: ProjectInput, batch: ProjectInput[] = []) => {
    const customer = s.customers.get(b.customerNo);
    if (!customer)
      throw invalid('project is invalid', [{ field: 'customerNo', message: `unknown customer "${b.customerNo}"` }]);
    if (b.parentProjectNo !== null && !s.projects.has(b.parentProjectNo))
      throw invalid('project is invalid', [
        { field: 'parentProjectNo', message: `unknown project "${b.parentProjectNo}"` },
      ]);
    const existing = [...s.projects.values()].find((p) => p.code === b.code);
    if (existing)
      throw conflict('project_exists', `project with code "${b.code}" already exists`, { project: existing });
    if (batch.filter((x) => x.code === b.code).length > 1)
      throw invalid('projects are invalid', [{ field: 'projects', message: `code "${b.code}" appears twice` }]);
    return customer;
  };
  const insertProject = (b: ProjectInput) => {
    const customer = s.customers.get(b.customerNo)!;
    const { code, name, customerNo, parentProjectNo, budgetMinor, status } = b;
    const p = {
      projectNo: nextId(s.seq, 'project', 'P-'),
      code,
      name,
      customerNo,
      parentProjectNo,
      budgetMinor,
      currency: b.currency ?? customer.currency,
      status,
    };
    s.projects.set(p.projectNo, p);
    return p;
  };
  api.post('/projects', async (c) => {
    const b = await readJson(c, projectCreate);
    checkProject(b);
    return c.json(insertProject(b), 201);
  });
  /** Several projects (e.g. one per workstream) at once: all are created, or none. */
  api.post('/projects/batch', async (c) => {
    const { projects } = await readJson(c, z.object({ projects: z.array(projectCreate).min(1).max(100) }));
    for (const b of projects) checkProject(b, projects);
    return c.json({ projects: projects.map(insertProject) }, 201);
  });

  api.get('/journal-entries', (c) =>
    c.json({ journalEntries: byCode(s.journalEntries.values(), readQuery(c, byProjectCode).projectCode) }),
  );
  api.post('/journal-entries', async (c) => {
    const e = { entryNo: nextId(s.seq, 'journalEntry', 'JE-'), ...(await readJson(c, journalEntryCreate)) };
    s.journalEntries.set(e.entryNo, e);
    return c.json(e, 201);
  });

  api.get('/revenue-schedules', (c) =>
    c.json({ revenueSchedules: byCode(s.revenueSchedules.values(), readQuery(c, byProjectCode).projectCode) }),
  );
  api.post('/revenue-schedules', async (c) => {
    const r = { id: nextId(s.seq, 'revenueSchedule', 'RS-'), ...(await readJson(c, revenueScheduleCreate)) };
    s.revenueSchedules.set(r.id, r);
    return c.json(r, 201);
  });

  api.get('/invoices', (c) =>
    c.json({ invoices: byCode(s.invoices.values(), readQuery(c, byProjectCode).projectCode) }),
  );
  api.post('/invoices', async (c) => {
    const { invoiceNo, ...b } = await readJson(c, invoiceCreate);
    const existing = invoiceNo === undefined ? undefined : s.invoices.get(invoiceNo);
    if (existing) throw conflict('invoice_exists', `invoice "${invoiceNo}" already exists`, { invoice: existing });
    const inv = { invoiceNo: invoiceNo ?? nextId(s.seq, 'invoice', 'EI-'), ...b };
    s.invoices.set(inv.invoiceNo, inv);
    return c.json(inv, 201);
  });

  api.get('/expense-postings', (c) => c.json({ expensePostings: [...s.expensePostings.values()] }));
  /** Posts a batch of approved expenses; the same sourceRef again answers the first posting (200). */
  api.post('/expense-postings', async (c) => {
    const { sourceRef, expenses } = await readJson(c, expensePostingCreate);
    const prior = s.expensePostings.get(sourceRef);
    if (prior) return c.json(prior, 200);
    const totals: Record<string, number> = {};
    for (const e of expenses) {
      const key = `${e.projectCode} ${e.currency}`;
      totals[key] = (totals[key] ?? 0) + toCents(e.amount);
    }
    const posting = { postingNo: nextId(s.seq, 'expensePosting', 'EP-'), sourceRef, count: expenses.length, totals };
    s.expensePostings.set(sourceRef, posting);
    return c.json(posting, 201);
  });
  return api;
}

export const erp: SystemDef<ErpStore> = {
  name: 'erp',
  basePath: '/api',
  seed: seedErp,
  counts: (s) => ({
    customers: s.customers.size,
    projects: s.projects.size,
    journalEntries: s.journalEntries.size,
    revenueSchedules: s.revenueSchedules.size,
    invoices: s.invoices.size,
  }),
  routes,
};
