import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { FlowService } from './flow-service.ts';
import { openDb, type Db } from '../store/db.ts';
import { findNode } from '../../nodes/registry.ts';
import { AuditLog } from '../security/audit.ts';
import { flow, n } from '../../test/support/flows.ts';

let now: number;
let db: Db;
let flows: FlowService;

beforeEach(() => {
  now = Date.UTC(2026, 0, 1);
  db = openDb({ file: ':memory:' });
  flows = new FlowService(db, findNode, new AuditLog(db.$client, () => now), () => now);
});
afterEach(() => db.$client.close());

const def = (expression = "{ 'id': id }") => flow('orders', { in: n.manual(), map: n.map(expression) }, ['in>map']);

describe('FlowService drafts', () => {
  it('saves with the current revision and refuses a stale one with a conflict', () => {
    expect(flows.create(def()).revision).toBe(1);
    expect(flows.update('orders', def('1'), 1).revision).toBe(2);

    let err: unknown;
    try {
      flows.update('orders', def('2'), 1);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'conflict', details: { currentRevision: 2 } });
    const current = flows.get('orders');
    expect(current.revision).toBe(2);
    expect(current.definition.nodes[1].config).toEqual({ expression: '1' });
  });

  it('refuses a second flow with the same id, a mismatched id and an unknown flow', () => {
    flows.create(def());
    expect(() => flows.create(def())).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(() => flows.update('orders', { ...def(), id: 'other' }, 1)).toThrow(
      expect.objectContaining({ code: 'bad_request' }),
    );
    expect(() => flows.update('nope', { ...def(), id: 'nope' }, 1)).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(() => flows.get('nope')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('refuses a definition that fails the schema, naming the path', () => {
    const bad = def();
    bad.edges[0].source = 'has space';
    expect(() => flows.create(bad)).toThrow(
      expect.objectContaining({ code: 'invalid_flow', message: expect.stringContaining('edges.0.source') }),
    );
    expect(flows.list()).toEqual([]);
  });
});

describe('FlowService publishing', () => {
  it('is idempotent for unchanged content and bumps the version after an edit', () => {
    flows.create(def());
    const v1 = flows.publish('orders', 'first');
    expect(v1).toMatchObject({ created: true, version: { version: 1, note: 'first', active: false } });
    expect(v1.version.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

    now += 1000;
    const again = flows.publish('orders');
    expect(again).toEqual({ created: false, version: v1.version });

    // The same content with keys in another order is unchanged content.
    const reordered = JSON.parse(JSON.stringify(def()), (_k, v) =>
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
    );
    flows.update('orders', reordered, 1);
    expect(flows.publish('orders').created).toBe(false);

    flows.update('orders', def("{ 'id': id, 'v': 2 }"), 2);
    const v2 = flows.publish('orders');
    expect(v2).toMatchObject({ created: true, version: { version: 2 } });
    expect(v2.version.hash).not.toBe(v1.version.hash);
    expect(flows.versions('orders').map((v) => v.version)).toEqual([2, 1]);
    expect(flows.version('orders', 1)!.nodes[1].config).toEqual({ expression: "{ 'id': id }" });
  });

  it('refuses to publish a draft with problems and stores no version', () => {
    const broken = def();
    broken.nodes.push({ id: 'widget', type: 'acme.widget', config: {} });
    broken.edges.push({ id: 'e2', source: 'map', target: 'widget' });
    flows.create(broken);
    let err: { code?: string; details?: { problems: { code: string; nodeId?: string }[] } } = {};
    try {
      flows.publish('orders');
    } catch (e) {
      err = e as typeof err;
    }
    expect(err.code).toBe('invalid_flow');
    expect(err.details!.problems).toEqual([expect.objectContaining({ code: 'unknown_type', nodeId: 'widget' })]);
    expect(flows.versions('orders')).toEqual([]);
  });

  it('publishes a draft that has only warnings', () => {
    const warned = def();
    warned.nodes.push({ id: 'island', type: 'map.jsonata', config: { expression: '1' } });
    flows.create(warned);
    expect(flows.validate('orders')).toEqual([expect.objectContaining({ severity: 'warning', code: 'unreachable' })]);
    expect(flows.publish('orders').created).toBe(true);
  });
});

describe('FlowService activation', () => {
  it('activates a published version, refuses to delete an active flow, and deletes it once deactivated', () => {
    flows.create(def());
    flows.publish('orders');
    expect(() => flows.activate('orders', 2)).toThrow(expect.objectContaining({ code: 'not_found' }));
    flows.activate('orders', 1);
    expect(flows.activeVersion('orders')).toBe(1);
    expect(flows.versions('orders')[0].active).toBe(true);
    expect(flows.list()[0]).toMatchObject({ id: 'orders', latestVersion: 1, activeVersion: 1, revision: 1 });

    expect(() => flows.delete('orders')).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(flows.exists('orders')).toBe(true);
    expect(flows.deactivate('orders')).toBe(true);
    expect(flows.deactivate('orders')).toBe(false);
    flows.delete('orders');
    expect(flows.exists('orders')).toBe(false);
    expect(flows.version('orders', 1)).toBeUndefined();
  });

  it('lets a check refuse an activation without activating', () => {
    const refreshed: string[] = [];
    flows = new FlowService(db, findNode, new AuditLog(db.$client, () => now), () => now, {
      checkActivation: () => {
        throw Object.assign(new Error('path taken'), { code: 'conflict' });
      },
      activationsChanged: () => refreshed.push('refresh'),
    });
    flows.create(def());
    flows.publish('orders');
    expect(() => flows.activate('orders', 1)).toThrow('path taken');
    expect(flows.activeVersion('orders')).toBeNull();
    expect(refreshed).toEqual([]);
  });
});
