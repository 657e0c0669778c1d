import { describe, it, expect } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { Actor } from '../../runtime/security/audit.ts';
import { apiPerTest } from '../support/api.ts';
import { deploy, start, finished } from '../support/weft.ts';
import { flow, n } from '../support/flows.ts';
import { refuseRows } from '../support/refuse-writes.ts';

/**
 * The services write the audit entry of a change in the transaction of the change: a change made by
 * calling a service (the CLI, start-up, an operator tool) is audited like one made over HTTP, and a
 * change whose entry cannot be written does not happen.
 */
const api = apiPerTest();
const admin: Actor = { kind: 'user', id: 'usr_admin', name: 'admin@firm.test' };
const def = (id: string, expression = '$') => flow(id, { in: n.manual(), out: n.map(expression) }, ['in>out']);
const failing = () => flow('failing', { in: n.manual(), stop: n.fail('always') }, ['in>stop']);

const entries = async (weft: Weft, target: string) =>
  (await weft.audit.list({ target })).reverse().map((e) => ({ action: e.action, actor: e.actorName }));

async function failedRun(weft: Weft): Promise<string> {
  const { runId } = await start(weft, await deploy(weft, failing()), {});
  expect((await finished(weft, runId)).status).toBe('failed');
  return runId;
}

/** Makes every insert into the audit log fail, as a full disk or a broken database would; returns the undo. */
function breakAuditLog(weft: Weft): Promise<() => Promise<void>> {
  return refuseRows(weft, {
    name: 'audit_log_refuses',
    table: 'audit_log',
    on: 'INSERT',
    message: 'the audit log refuses entries',
  });
}

describe('audit entries written by the services', () => {
  it('a change made by calling a service, not the API, is audited with who made it', async () => {
    const { weft } = api;
    await weft.flows.create(def('direct'), admin);
    await weft.flows.update('direct', def('direct', '{ "x": $ }'), 1, admin);
    await weft.flows.publish('direct', 'from a script', admin);
    await weft.activate('direct', 1, admin);
    await weft.deactivate('direct', null);
    expect(await entries(weft, 'direct')).toEqual([
      { action: 'flow.created', actor: 'admin@firm.test' },
      { action: 'flow.edited', actor: 'admin@firm.test' },
      { action: 'flow.published', actor: 'admin@firm.test' },
      { action: 'flow.activated', actor: 'admin@firm.test' },
      { action: 'flow.deactivated', actor: null },
    ]);

    const user = await weft.identity.createUser(
      { email: 'ana@firm.test', role: 'analyst', password: 'analyst password' },
      admin,
    );
    await weft.identity.updateUser(user.id, { role: 'operator' }, admin);
    expect(await entries(weft, user.id)).toEqual([
      { action: 'user.created', actor: 'admin@firm.test' },
      { action: 'user.role_changed', actor: 'admin@firm.test' },
    ]);

    await weft.connections.create({
      id: 'crm',
      name: 'CRM',
      baseUrl: 'https://crm.example.com',
      auth: { type: 'none' },
    });
    await weft.retention.setPolicy('direct', { days: 30, keepSuccessPayloads: true }, admin);
    expect(await entries(weft, 'crm')).toEqual([{ action: 'connection.created', actor: null }]);
    expect((await entries(weft, 'direct')).at(-1)).toEqual({
      action: 'retention.policy_changed',
      actor: 'admin@firm.test',
    });

    const runId = await failedRun(weft);
    await weft.runOperations.discard(runId, 'sent by hand', admin);
    expect((await weft.audit.list({ target: runId }))[0]).toMatchObject({
      action: 'run.discarded',
      actorName: 'admin@firm.test',
      detail: { reason: 'sent by hand' },
    });
    expect(await weft.audit.verify()).toMatchObject({ ok: true });
  });

  it('a change whose audit entry cannot be written is rolled back, and a refused change leaves no entry', async () => {
    const { weft, call } = api;
    await weft.flows.create(def('kept'), admin);
    const runId = await failedRun(weft);
    const before = await weft.audit.verify();
    const mend = await breakAuditLog(weft);

    await expect(weft.flows.create(def('lost'), admin)).rejects.toThrow(/audit log refuses/);
    expect(await weft.flows.exists('lost')).toBe(false);
    const edit = await call('PUT', '/api/flows/kept', { definition: def('kept', '{ "y": $ }'), revision: 1 });
    expect(edit.status).toBe(500);
    expect(await weft.flows.get('kept')).toMatchObject({ revision: 1, definition: def('kept') });
    await expect(weft.flows.publish('kept', undefined, admin)).rejects.toThrow(/audit log refuses/);
    expect(await weft.flows.versions('kept')).toEqual([]);
    await expect(
      weft.identity.createUser({ email: 'bob@firm.test', role: 'analyst', password: 'analyst password' }, admin),
    ).rejects.toThrow(/audit log refuses/);
    expect(await weft.identity.listUsers()).toEqual([]);
    await expect(
      weft.connections.create({ id: 'erp', name: 'ERP', baseUrl: 'https://erp.example.com', auth: { type: 'none' } }),
    ).rejects.toThrow(/audit log refuses/);
    await expect(weft.connections.get('erp')).rejects.toThrow(/not found/);
    await expect(weft.retention.setPolicy('kept', { days: 7, keepSuccessPayloads: true }, admin)).rejects.toThrow(
      /audit log refuses/,
    );
    expect(await weft.retention.rule('kept')).toBeNull();
    await expect(weft.runOperations.discard(runId, 'by hand', admin)).rejects.toThrow(/audit log refuses/);
    expect((await weft.store.runs.run(runId))!.status).toBe('failed');
    expect(await weft.audit.verify()).toEqual(before);

    // With the log writable again, the same change and its entry commit together; a stale save is refused without one.
    await mend();
    await weft.runOperations.discard(runId, 'by hand', admin);
    expect((await weft.store.runs.run(runId))!.status).toBe('discarded');
    expect(await entries(weft, runId)).toEqual([{ action: 'run.discarded', actor: 'admin@firm.test' }]);
    await expect(weft.flows.update('kept', def('kept', '1'), 7, admin)).rejects.toThrow(/changed by someone else/);
    expect(await entries(weft, 'kept')).toEqual([{ action: 'flow.created', actor: 'admin@firm.test' }]);
  });
});
