import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor, selectDirty } from './store.ts';
import type { NodeTypeInfo } from '../api/types.ts';

const kind = (type: string, title: string, outputs: string[], trigger: string | null = null): NodeTypeInfo => ({
  type,
  typeVersion: 1,
  title,
  category: 'x',
  description: '',
  trigger,
  ports: { inputs: trigger ? [] : ['in'], outputs },
  dynamicPorts: false,
  portsFromConfig: null,
  configSchema: {},
  expressionFields: [],
  retry: { maxAttempts: 1, initialDelayMs: 0, factor: 1, maxDelayMs: 0, jitter: 0 },
});
const catalogue = [
  kind('trigger.webhook', 'Webhook', ['out'], 'webhook'),
  kind('map.jsonata', 'Map', ['out']),
  kind('validate.schema', 'Validate', ['valid', 'invalid']),
];
const s = () => useEditor.getState();

beforeEach(() => {
  s().load(
    {
      definition: { id: 'f', name: 'F', schemaVersion: 1, settings: {}, nodes: [], edges: [] },
      revision: 3,
      createdAt: 0,
      updatedAt: 0,
      activeVersion: null,
    },
    catalogue,
  );
});

describe('editor store', () => {
  it('adds, connects and saves only what the definition holds', () => {
    const hook = s().addNode('trigger.webhook', { x: 0, y: 0 })!;
    const map = s().addNode('map.jsonata', { x: 300, y: 0 })!;
    expect([hook, map]).toEqual(['webhook', 'map']);
    s().onConnect({ source: hook, sourceHandle: 'out', target: map, targetHandle: 'in' });
    const def = s().definition();
    expect(def.nodes.map((n) => n.id)).toEqual(['webhook', 'map']);
    expect(def.edges).toEqual([
      { id: 'webhook_out_map', source: 'webhook', sourcePort: 'out', target: 'map', targetPort: 'in' },
    ]);
    expect(selectDirty(s())).toBe(true);
    s().markSaved(4, s().seq);
    expect(selectDirty(s())).toBe(false);
    expect(s().revision).toBe(4);
  });

  it('refuses an edge into a trigger and says why', () => {
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    s().addNode('map.jsonata', { x: 0, y: 0 });
    s().onConnect({ source: 'map', sourceHandle: 'out', target: 'webhook', targetHandle: null });
    expect(s().edges).toEqual([]);
    expect(s().refusal).toMatch(/trigger/);
  });

  it('undoes and redoes edits; typing in one field is one step', () => {
    s().addNode('map.jsonata', { x: 0, y: 0 });
    s().updateNode('map', { config: { expression: 'a' } });
    s().updateNode('map', { config: { expression: 'ab' } });
    s().updateNode('map', { config: { expression: 'abc' } });
    expect(s().past.length).toBe(2);
    s().undo();
    expect(s().nodes[0].data.node.config).toEqual({});
    s().undo();
    expect(s().nodes).toEqual([]);
    s().redo();
    s().redo();
    expect(s().nodes[0].data.node.config).toEqual({ expression: 'abc' });
    s().undo();
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    expect(s().future).toEqual([]);
  });

  it('copies and pastes the selection with its inner edges under fresh ids', () => {
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    s().addNode('map.jsonata', { x: 100, y: 0 });
    s().addNode('validate.schema', { x: 200, y: 0 });
    s().onConnect({ source: 'webhook', sourceHandle: 'out', target: 'map', targetHandle: 'in' });
    s().onConnect({ source: 'map', sourceHandle: 'out', target: 'validate', targetHandle: 'in' });
    s().select(['map', 'validate']);
    s().copySelection();
    s().paste();
    const ids = s().nodes.map((n) => n.id);
    expect(ids).toEqual(['webhook', 'map', 'validate', 'map_2', 'validate_2']);
    expect(
      s()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['map_2', 'validate_2']);
    expect(s().nodes[3].position).toEqual({ x: 140, y: 40 });
    const pasted = s().edges.filter((e) => e.source === 'map_2');
    expect(pasted).toHaveLength(1);
    expect(pasted[0].target).toBe('validate_2');
    expect(s().edges).toHaveLength(3);
  });

  it('deletes the selection with the edges that touch it, in one undo step', () => {
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    s().addNode('map.jsonata', { x: 100, y: 0 });
    s().onConnect({ source: 'webhook', sourceHandle: 'out', target: 'map', targetHandle: 'in' });
    s().select(['map']);
    s().deleteSelection();
    expect(s().nodes.map((n) => n.id)).toEqual(['webhook']);
    expect(s().edges).toEqual([]);
    s().undo();
    expect(s().nodes).toHaveLength(2);
    expect(s().edges).toHaveLength(1);
  });

  it('paints nodes from a test run: status of their step, grey when not reached', () => {
    s().addNode('trigger.webhook', { x: 0, y: 0 });
    s().addNode('map.jsonata', { x: 0, y: 0 });
    s().addNode('validate.schema', { x: 0, y: 0 });
    s().setTestRun({
      id: 'r',
      flowId: 'f',
      version: null,
      mode: 'test',
      status: 'failed',
      trigger: null,
      correlationId: null,
      dedupeKey: null,
      businessKey: null,
      businessKeyError: null,
      traceId: null,
      businessProcess: null,
      criticality: 'normal',
      error: null,
      response: null,
      createdAt: 0,
      finishedAt: 1,
      replayOf: null,
      steps: [
        { nodeId: 'webhook', status: 'succeeded' },
        { nodeId: 'map', status: 'failed' },
      ] as never,
    });
    expect(s().paints).toEqual({ webhook: 'succeeded', map: 'failed', validate: 'not-run' });
  });
});
