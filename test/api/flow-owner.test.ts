import { describe, it, expect, afterEach } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiPerTest, type ApiResponse } from '../support/api.ts';
import { flow, n } from '../support/flows.ts';
import { migrationsFolder, openDb } from '../../runtime/store/db.ts';
import { sqliteAuditLog } from '../../runtime/store/sqlite/sqlite-audit.ts';

/** A flow belongs to the principal that created it by id: a new email or a namesake does not change that. */
const api = apiPerTest();
const none = { authorization: '' };
const def = (id: string) => flow(id, { in: n.manual(), out: n.map('$') }, ['in>out']);

async function signIn(email: string, password: string): Promise<Record<string, string>> {
  const res: ApiResponse = await api.call('POST', '/api/auth/login', { email, password }, none);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = /weft_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1];
  return { ...none, cookie: `weft_session=${cookie}`, 'x-csrf-token': res.body.csrfToken };
}

/** Creates `id` as `headers`, then publishes, activates and runs it; returns the run id. */
async function flowWithRun(id: string, headers: Record<string, string>): Promise<string> {
  const { call, weft } = api;
  expect((await call('POST', '/api/flows', def(id), headers)).status).toBe(201);
  expect((await call('POST', `/api/flows/${id}/publish`, {})).status).toBe(201);
  expect((await call('POST', `/api/flows/${id}/activate`, { version: 1 })).status).toBe(200);
  const plan = await weft.engine.planFor(id, 1);
  return (await weft.engine.startRun({ plan, triggerNodeId: 'in', event: { body: { id } } })).runId;
}

async function visibleRuns(headers: Record<string, string>) {
  const { call } = api;
  const listed = await call('GET', '/api/runs', undefined, headers);
  expect(listed.status).toBe(200);
  return listed.body.runs.map((r: { flowId: string }) => r.flowId);
}

describe('flow ownership', () => {
  it('a user whose email is changed keeps their flows and the runs of their flows; a new user with the old email gets none', async () => {
    const { call, weft } = api;
    const ana = await weft.identity.createUser({
      email: 'ana@firm.test',
      role: 'analyst',
      password: 'analyst password',
    });
    const mine = await flowWithRun('mine', await signIn('ana@firm.test', 'analyst password'));
    const theirs = await flowWithRun('theirs', {});

    const changed = await call('PATCH', `/api/users/${ana.id}`, { email: 'Ana.Berg@firm.test' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.email).toBe('ana.berg@firm.test');
    expect((await weft.audit.list({ action: 'user.updated', target: ana.id }))[0]).toMatchObject({
      before: { email: 'ana@firm.test' },
      after: { email: 'ana.berg@firm.test' },
    });

    const renamed = await signIn('ana.berg@firm.test', 'analyst password');
    expect(await visibleRuns(renamed)).toEqual(['mine']);
    expect((await call('GET', `/api/runs/${mine}`, undefined, renamed)).status).toBe(200);
    expect((await call('GET', `/api/runs/${theirs}`, undefined, renamed)).status).toBe(403);

    await weft.identity.createUser({ email: 'ana@firm.test', role: 'analyst', password: 'another password' });
    const namesake = await signIn('ana@firm.test', 'another password');
    expect(await visibleRuns(namesake)).toEqual([]);
    expect((await call('GET', `/api/runs/${mine}`, undefined, namesake)).status).toBe(403);
  });

  it('an email another user has is refused with 409, and a malformed one with 400', async () => {
    const { call, weft } = api;
    const ana = await weft.identity.createUser({
      email: 'ana@firm.test',
      role: 'analyst',
      password: 'analyst password',
    });
    await weft.identity.createUser({ email: 'bo@firm.test', role: 'analyst', password: 'analyst password' });
    const taken = await call('PATCH', `/api/users/${ana.id}`, { email: 'BO@firm.test' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/bo@firm.test exists/);
    const malformed = await call('PATCH', `/api/users/${ana.id}`, { email: 'not an address' });
    expect(malformed.status).toBe(400);
    expect((await weft.identity.user(ana.id))!.email).toBe('ana@firm.test');
  });

  it('an API token owns the flows it created, not another token with the same name', async () => {
    const { call, weft } = api;
    const first = await weft.identity.createToken('ci', 'analyst', null, null);
    const second = await weft.identity.createToken('ci', 'analyst', null, null);
    const run = await flowWithRun('by-token', { authorization: `Bearer ${first.token}` });
    expect(await weft.flows.ownerOf('by-token')).toBe(first.view.id);
    expect(await visibleRuns({ authorization: `Bearer ${first.token}` })).toEqual(['by-token']);
    expect(await visibleRuns({ authorization: `Bearer ${second.token}` })).toEqual([]);
    expect((await call('GET', `/api/runs/${run}`, undefined, { authorization: `Bearer ${second.token}` })).status).toBe(
      403,
    );
  });
});

describe('the migration to owner ids', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives flows recorded by email or token name the id that name resolves to, and leaves the rest', async () => {
    dir = mkdtempSync(join(tmpdir(), 'weft-owner-'));
    // The migrations as they were before this one.
    const before = join(dir, 'migrations');
    cpSync(migrationsFolder, before, { recursive: true });
    const journalFile = join(before, 'meta/_journal.json');
    const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === '0013_flow_owner_ids');
    expect(at).toBeGreaterThan(0);
    writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));

    const file = join(dir, 'weft.db');
    const old = new Database(file);
    migrate(drizzle(old), { migrationsFolder: before });
    const user = old.prepare(
      `INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, 'analyst', 'x', 0)`,
    );
    user.run('usr_ana', 'ana@firm.test', 'Ana');
    user.run('usr_cy', 'cy.new@firm.test', 'Cy');
    const token = old.prepare(
      `INSERT INTO api_tokens (id, name, role, token_hash, prefix, created_at) VALUES (?, ?, 'analyst', ?, 'weft_x', 0)`,
    );
    token.run('tok_ci', 'ci', 'h1');
    token.run('tok_bot1', 'bot', 'h2');
    token.run('tok_bot2', 'bot', 'h3');
    // Cy created "cy-flow" under the email Cy had then; the audit log remembers who that was.
    await sqliteAuditLog(old).record({
      actor: { kind: 'user', id: 'usr_cy', name: 'cy@firm.test' },
      action: 'flow.created',
      target: 'cy-flow',
    });
    const flowRow = old.prepare(
      `INSERT INTO flows (id, name, definition, revision, created_by, created_at, updated_at) VALUES (?, ?, '{}', 1, ?, 0, 0)`,
    );
    const owners: Record<string, string | null> = {
      'ana-flow': 'ana@firm.test',
      'ci-flow': 'ci',
      'cy-flow': 'cy@firm.test',
      'bot-flow': 'bot',
      'gone-flow': 'gone@firm.test',
      'example-flow': null,
    };
    for (const [id, by] of Object.entries(owners)) flowRow.run(id, id, by);
    old.close();

    const db = openDb({ file });
    const rows = db.$client.prepare('SELECT id, created_by AS owner FROM flows ORDER BY id').all();
    db.$client.close();
    expect(rows).toEqual([
      { id: 'ana-flow', owner: 'usr_ana' },
      { id: 'bot-flow', owner: 'bot' },
      { id: 'ci-flow', owner: 'tok_ci' },
      { id: 'cy-flow', owner: 'usr_cy' },
      { id: 'example-flow', owner: null },
      { id: 'gone-flow', owner: 'gone@firm.test' },
    ]);
  });
});
