import { beforeEach, describe, expect, it } from 'vitest';
import { useEditor } from './store.ts';
import type { NodeTypeInfo } from '../api/types.ts';

const kind = (type: string, title: string): NodeTypeInfo => ({
  type,
  typeVersion: 1,
  title,
  category: 'control',
  description: '',
  trigger: null,
  ports: { inputs: ['in'], outputs: ['out'] },
  dynamicPorts: false,
  portsFromConfig: null,
  configSchema: {},
  expressionFields: [],
  retry: { maxAttempts: 1, initialDelayMs: 0, factor: 1, maxDelayMs: 0, jitter: 0 },
});
const s = () => useEditor.getState();

beforeEach(() => {
  s().load(
    {
      definition: { id: 'f', name: 'F', schemaVersion: 1, settings: {}, nodes: [], edges: [] },
      revision: 1,
      createdAt: 0,
      updatedAt: 0,
      activeVersion: null,
    },
    [kind('control.loop', 'Loop'), kind('connector.http', 'HTTP request'), kind('map.jsonata', 'Map')],
  );
});

describe('editor store: loops', () => {
  it('puts a node added on a loop into its body, saves it with its parentId, and deletes it with the loop', () => {
    const loop = s().addNode('control.loop', { x: 100, y: 100 })!;
    const http = s().addNode('connector.http', { x: 140, y: 180 })!;
    const map = s().addNode('map.jsonata', { x: 900, y: 100 })!;
    expect(s().nodes.find((n) => n.id === loop)).toMatchObject({ type: 'loop', width: 440, height: 220 });
    const def = s().definition();
    expect(def.nodes.find((n) => n.id === http)).toMatchObject({ parentId: loop, ui: { position: { x: 40, y: 80 } } });
    expect(def.nodes.find((n) => n.id === map)?.parentId).toBeUndefined();

    // An edge from outside into the body is refused.
    s().onConnect({ source: map, sourceHandle: 'out', target: http, targetHandle: 'in' });
    expect(s().refusal).toContain('edges stay inside one loop body');
    expect(s().edges).toEqual([]);

    s().select([loop]);
    s().deleteSelection();
    expect(s().nodes.map((n) => n.id)).toEqual([map]);
    s().undo();
    expect(s().nodes.map((n) => n.id)).toEqual([loop, http, map]);
  });

  it('pastes a copied loop with its body inside the copy', () => {
    const loop = s().addNode('control.loop', { x: 0, y: 0 })!;
    const http = s().addNode('connector.http', { x: 40, y: 80 })!;
    s().select([loop, http]);
    s().copySelection();
    s().paste();
    const copy = s().nodes.find((n) => n.id === 'http_request_2');
    expect(copy).toMatchObject({ parentId: 'loop_2', position: { x: 40, y: 80 } });
    expect(
      s()
        .definition()
        .nodes.find((n) => n.id === 'http_request_2')?.parentId,
    ).toBe('loop_2');
    expect(http).toBe('http_request');
  });
});
