import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { FlowService } from './flow-service.ts';
import { openDb } from '../store/db.ts';
import { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { findNode } from '../../nodes/registry.ts';
import { AuditLog } from '../security/audit.ts';
import { flow, n } from '../../test/support/flows.ts';

let now: number;
let store: SqliteStore;
let flows: FlowService;

beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  store = new SqliteStore(openDb({ file: ':memory:' }));
  flows = new FlowService(store, findNode, new AuditLog(store, () => now), () => now);
});
afterEach(() => store.close());

const def = (expression = "{ 'id': id }") => flow('orders', { in: n.manual(), map: n.map(expression) }, ['in>map']);

describe('FlowService drafts', () => {
  it('saves with the current revision and refuses a stale one with a conflict', async () => {
    expect((await flows.create(def())).revision).toBe(1);
    expect((await flows.update('orders', def('1'), 1)).revision).toBe(2);

    await expect(flows.update('orders', def('2'), 1)).rejects.toMatchObject({
      code: 'conflict',
      details: { currentRevision: 2 },
    });
    const current = await flows.get('orders');
    expect(current.revision).toBe(2);
    expect(current.definition.nodes[1].config).toEqual({ expression: '1' });
  });

  it('refuses a second flow with the same id, a mismatched id and an unknown flow', async () => {
    await flows.create(def());
    await expect(flows.create(def())).rejects.toMatchObject({ code: 'conflict' });
    await expect(flows.update('orders', { ...def(), id: 'other' }, 1)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(flows.update('nope', { ...def(), id: 'nope' }, 1)).rejects.toMatchObject({ code: 'not_found' });
    await expect(flows.get('nope')).rejects.toMatchObject({ code: 'not_found' });
    expect(await flows.list()).toEqual([expect.objectContaining({ id: 'orders', revision: 1 })]);
  });

  it('refuses a definition that fails the schema, naming the path', async () => {
    const bad = def();
    bad.edges[0].source = 'has space';
    await expect(flows.create(bad)).rejects.toMatchObject({
      code: 'invalid_flow',
      message: expect.stringContaining('edges.0.source'),
    });
    expect(await flows.list()).toEqual([]);
  });
});

describe('FlowService publishing', () => {
  it('is idempotent for unchanged content and bumps the version after an edit', async () => {
    await flows.create(def());
    const v1 = await flows.publish('orders', 'first');
    expect(v1).toMatchObject({ created: true, version: { version: 1, note: 'first', active: false } });
    expect(v1.version.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    now += 1000;
    const again = await flows.publish('orders');
    expect(again).toEqual({ created: false, version: v1.version });

    // The same content with keys in another order is unchanged content.
    const reordered = JSON.parse(JSON.stringify(def()), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    await flows.update('orders', reordered, 1);
    expect((await flows.publish('orders')).created).toBe(false);

    await flows.update('orders', def("{ 'id': id, 'v': 2 }"), 2);
    const v2 = await flows.publish('orders');
    expect(v2).toMatchObject({ created: true, version: { version: 2 } });
    expect(v2.version.hash).not.toBe(v1.version.hash);
    expect((await flows.versions('orders')).map((v) => v.version)).toEqual([2, 1]);
    expect((await flows.version('orders', 1))!.nodes[1].config).toEqual({ expression: "{ 'id': id }" });
  });

  it('refuses to publish a draft with problems and stores no version', async () => {
    const broken = def();
    broken.nodes.push({ id: 'widget', type: 'acme.widget', config: {} });
    broken.edges.push({ id: 'e2', source: 'map', target: 'widget' });
    await flows.create(broken);
    await expect(flows.publish('orders')).rejects.toMatchObject({
      code: 'invalid_flow',
      details: { problems: [expect.objectContaining({ code: 'unknown_type', nodeId: 'widget' })] },
    });
    expect(await flows.versions('orders')).toEqual([]);
  });

  it('publishes a draft that has only warnings', async () => {
    const warned = def();
    warned.nodes.push({ id: 'island', type: 'map.jsonata', config: { expression: '1' } });
    await flows.create(warned);
    expect(await flows.validate('orders')).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unreachable' }),
    ]);
    expect((await flows.publish('orders')).created).toBe(true);
  });
});

describe('FlowService activation', () => {
  it('activates a published version, refuses to delete an active flow, and deletes it once deactivated', async () => {
    await flows.create(def());
    await flows.publish('orders');
    await expect(flows.activate('orders', 2)).rejects.toMatchObject({ code: 'not_found' });
    await flows.activate('orders', 1);
    expect(await flows.activeVersion('orders')).toBe(1);
    expect(await flows.activations()).toEqual([{ flowId: 'orders', version: 1 }]);
    expect((await flows.versions('orders'))[0].active).toBe(true);
    expect((await flows.list())[0]).toMatchObject({ id: 'orders', latestVersion: 1, activeVersion: 1, revision: 1 });

    await expect(flows.delete('orders')).rejects.toMatchObject({ code: 'conflict' });
    expect(await flows.exists('orders')).toBe(true);
    expect(await flows.deactivate('orders')).toBe(true);
    expect(await flows.deactivate('orders')).toBe(false);
    await flows.delete('orders');
    expect(await flows.exists('orders')).toBe(false);
    expect(await flows.version('orders', 1)).toBeUndefined();
    await expect(flows.deactivate('orders')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets a check refuse an activation without activating, and follows a change only once it is committed', async () => {
    const seen: (number | null)[] = [];
    let refuse = true;
    flows = new FlowService(store, findNode, new AuditLog(store, () => now), () => now, {
      checkActivation: () => {
        if (refuse) throw Object.assign(new Error('path taken'), { code: 'conflict' });
      },
      activationsChanged: async () => {
        seen.push(await store.flows.activeVersion('orders'));
      },
    });
    await flows.create(def());
    await flows.publish('orders');
    await expect(flows.activate('orders', 1)).rejects.toThrow('path taken');
    expect(await flows.activeVersion('orders')).toBeNull();
    expect(seen).toEqual([]);
    refuse = false;
    await flows.activate('orders', 1);
    await flows.deactivate('orders');
    expect(seen).toEqual([1, null]);
  });
});

describe('the flow list', () => {
  const addRun = (id: string, flowId: string, mode: string, status: string, createdAt: number) =>
    store.sqlite
      .prepare(
        `INSERT INTO runs (id, flow_id, version, mode, status, trigger_node, trigger, created_at, updated_at, finished_at)
         VALUES (?, ?, NULL, ?, ?, 'in', '{}', ?, ?, ?)`,
      )
      .run(id, flowId, mode, status, createdAt, createdAt, createdAt);

  it('shows each flow by name with its last live run and the live failures of the last 24 hours', async () => {
    await flows.create(flow('b-flow', { in: n.manual(), out: n.map('$') }, ['in>out']));
    await flows.create({ ...flow('a-flow', { in: n.manual(), out: n.map('$') }, ['in>out']), name: 'A flow' });
    await flows.publish('b-flow');
    const hour = 3_600_000;
    addRun('r-old-fail', 'b-flow', 'live', 'failed', now - 25 * hour);
    addRun('r-fail', 'b-flow', 'live', 'failed', now - 2 * hour);
    addRun('r-last', 'b-flow', 'live', 'succeeded', now - hour);
    addRun('r-test', 'b-flow', 'test', 'failed', now - 60_000);

    expect(await flows.list()).toEqual([
      {
        id: 'a-flow',
        name: 'A flow',
        revision: 1,
        updatedAt: now,
        latestVersion: null,
        activeVersion: null,
        lastRun: null,
        failuresLast24h: 0,
      },
      {
        id: 'b-flow',
        name: 'Test flow b-flow',
        revision: 1,
        updatedAt: now,
        latestVersion: 1,
        activeVersion: null,
        lastRun: { id: 'r-last', status: 'succeeded', createdAt: now - hour },
        failuresLast24h: 1,
      },
    ]);
  });

  it('a save checks the revision it replaces in the same statement', async () => {
    await flows.create(def());
    const { definition } = await flows.update('orders', def('2'), 1);
    const change = { name: 'orders', definition, updatedAt: now };
    expect(await store.write((tx) => tx.flows.updateDraft('orders', 1, change))).toBe(false);
    expect(await store.write((tx) => tx.flows.updateDraft('orders', 2, change))).toBe(true);
    expect(await flows.get('orders')).toMatchObject({ revision: 3, definition: def('2') });
  });
});
