import { Hono } from 'hono';
import { readJson } from '../kit/body.ts';
import { invalid, notFound } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import type { System, SystemDef } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import {
  accountCreate,
  accountPatch,
  contactCreate,
  contactPatch,
  opportunityCreate,
  opportunityPatch,
} from './schemas.ts';
import { blankAccount, blankOpportunity, seedCrm } from './seed.ts';
import type { Account, Contact, CrmStore, Opportunity } from './types.ts';

/** Salesforce's create answer. */
const created = (id: string) => ({ id, success: true, errors: [] as unknown[] });

function requireAccount(store: CrmStore, id: string): Account {
  const a = store.accounts.get(id);
  if (!a)
    throw invalid(`AccountId "${id}" does not reference an account`, [
      { field: 'AccountId', message: `unknown account "${id}"` },
    ]);
  return a;
}

function routes(sys: System<CrmStore>): Hono<SysEnv> {
  const api = new Hono<SysEnv>();
  const s = sys.store;

  api.get('/sobjects/Account/:id', (c) => {
    const a = s.accounts.get(c.req.param('id'));
    if (!a) throw notFound('Account', c.req.param('id'));
    return c.json(a);
  });
  api.post('/sobjects/Account', async (c) => {
    const b = await readJson(c, accountCreate);
    const a = Object.assign(blankAccount(nextId(s.seq, 'account', 'ACC-')), b);
    s.accounts.set(a.Id, a);
    return c.json(created(a.Id), 201);
  });
  api.patch('/sobjects/Account/:id', async (c) => {
    const a = s.accounts.get(c.req.param('id'));
    if (!a) throw notFound('Account', c.req.param('id'));
    Object.assign(a, await readJson(c, accountPatch));
    return c.body(null, 204);
  });

  api.get('/sobjects/Contact/:id', (c) => {
    const x = s.contacts.get(c.req.param('id'));
    if (!x) throw notFound('Contact', c.req.param('id'));
    return c.json(x);
  });
  api.post('/sobjects/Contact', async (c) => {
    const b = await readJson(c, contactCreate);
    requireAccount(s, b.AccountId);
    const x: Contact = Object.assign(
      { Id: nextId(s.seq, 'contact', 'CON-'), AccountId: '', FirstName: null, LastName: '', Email: null, Title: null },
      b,
    );
    s.contacts.set(x.Id, x);
    return c.json(created(x.Id), 201);
  });
  api.patch('/sobjects/Contact/:id', async (c) => {
    const x = s.contacts.get(c.req.param('id'));
    if (!x) throw notFound('Contact', c.req.param('id'));
    const b = await readJson(c, contactPatch);
    if (b.AccountId !== undefined) requireAccount(s, b.AccountId);
    Object.assign(x, b);
    return c.body(null, 204);
  });

  api.get('/sobjects/Opportunity/:id', (c) => {
    const o = s.opportunities.get(c.req.param('id'));
    if (!o) throw notFound('Opportunity', c.req.param('id'));
    return c.json(o);
  });
  api.post('/sobjects/Opportunity', async (c) => {
    const b = await readJson(c, opportunityCreate);
    const acc = requireAccount(s, b.AccountId);
    const o = Object.assign(blankOpportunity(nextId(s.seq, 'opportunity', 'OPP-'), acc.Id, acc.CurrencyIsoCode), b);
    s.opportunities.set(o.Id, o);
    if (o.StageName === 'Closed Won') emitWon(sys, o);
    return c.json(created(o.Id), 201);
  });
  api.patch('/sobjects/Opportunity/:id', async (c) => {
    const o = s.opportunities.get(c.req.param('id'));
    if (!o) throw notFound('Opportunity', c.req.param('id'));
    const b = await readJson(c, opportunityPatch);
    if (b.AccountId !== undefined) requireAccount(s, b.AccountId);
    const wasWon = o.StageName === 'Closed Won';
    Object.assign(o, b);
    if (!wasWon && o.StageName === 'Closed Won') emitWon(sys, o);
    return c.body(null, 204);
  });

  api.get('/query/opportunities', (c) => {
    const stage = c.req.query('stage');
    const records = [...s.opportunities.values()].filter((o) => stage === undefined || o.StageName === stage);
    return c.json({ records });
  });
  return api;
}

/** `crm/opportunity-won`: the opportunity and its account, as stored. */
function emitWon(sys: System<CrmStore>, o: Opportunity): void {
  sys.emit('crm/opportunity-won', 'opportunity.closed_won', {
    opportunity: o,
    account: sys.store.accounts.get(o.AccountId) ?? null,
  });
}

export const crm: SystemDef<CrmStore> = {
  name: 'crm',
  basePath: '/services/data/v59.0',
  seed: seedCrm,
  counts: (s) => ({ accounts: s.accounts.size, contacts: s.contacts.size, opportunities: s.opportunities.size }),
  routes,
};
