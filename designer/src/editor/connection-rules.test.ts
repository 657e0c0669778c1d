import { describe, expect, it } from 'vitest';
import { connectionProblem } from './connection-rules.ts';
import type { NodeTypeInfo } from '../api/types.ts';
import type { CanvasEdge, CanvasNode } from './canvas-types.ts';

const kind = (type: string, outputs: string[], extra: Partial<NodeTypeInfo> = {}): NodeTypeInfo => ({
  type,
  typeVersion: 1,
  title: type,
  category: 'x',
  description: '',
  trigger: null,
  ports: { inputs: ['in'], outputs },
  dynamicPorts: false,
  portsFromConfig: null,
  configSchema: {},
  expressionFields: [],
  retry: { maxAttempts: 1, initialDelayMs: 0, factor: 1, maxDelayMs: 0, jitter: 0 },
  ...extra,
});
const catalogue = new Map([
  [
    'trigger.webhook',
    kind('trigger.webhook', ['out'], { trigger: 'webhook', ports: { inputs: [], outputs: ['out'] } }),
  ],
  ['validate.schema', kind('validate.schema', ['valid', 'invalid'])],
  ['map.jsonata', kind('map.jsonata', ['out'])],
  [
    'control.switch',
    kind('control.switch', ['default'], { dynamicPorts: true, portsFromConfig: ['cases', '*', 'port'] }),
  ],
]);
const node = (id: string, type: string, config: Record<string, unknown> = {}): CanvasNode => ({
  id,
  type: 'weft',
  position: { x: 0, y: 0 },
  data: { node: { id, type, typeVersion: 1, config } },
});
const nodes = [
  node('hook', 'trigger.webhook'),
  node('check', 'validate.schema'),
  node('a', 'map.jsonata'),
  node('b', 'map.jsonata'),
  node('sw', 'control.switch', {
    cases: [{ port: 'big', when: 'x' }, { port: 'small', when: 'y' }, { when: 'no port' }],
  }),
];
const edges: CanvasEdge[] = [
  { id: 'e', source: 'hook', target: 'check', sourceHandle: 'out', targetHandle: 'in' },
  { id: 'f', source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' },
];
const check = (source: string, sourceHandle: string, target: string, targetHandle = 'in') =>
  connectionProblem({ source, sourceHandle, target, targetHandle }, nodes, edges, catalogue);

describe('which edges may be drawn', () => {
  it('accepts an edge between existing ports', () => {
    expect(check('check', 'invalid', 'a')).toBeNull();
    expect(check('sw', 'big', 'a')).toBeNull();
    expect(check('sw', 'default', 'a')).toBeNull();
  });
  it('refuses an edge into a trigger', () => {
    expect(check('a', 'out', 'hook')).toMatch(/trigger/);
  });
  it('refuses ports that do not exist', () => {
    expect(check('check', 'out', 'a')).toMatch(/no output "out"/);
    expect(check('sw', 'medium', 'a')).toMatch(/no output/);
    expect(check('a', 'out', 'check', 'other')).toMatch(/no input "other"/);
  });
  it('refuses self loops, duplicates and cycles', () => {
    expect(check('a', 'out', 'a')).toMatch(/itself/);
    expect(check('hook', 'out', 'check')).toMatch(/already/);
    expect(check('b', 'out', 'a')).toMatch(/loop/);
  });
  it('refuses ends that are not nodes', () => {
    expect(check('ghost', 'out', 'a')).toMatch(/"ghost" does not exist/);
  });
  it('offers the outputs a switch names in its cases and the error output of a node routing its errors', () => {
    expect(check('sw', 'small', 'b')).toBeNull();
    expect(check('a', 'error', 'b')).toMatch(/no output "error"/);
    const routing = [...nodes, node('r', 'map.jsonata', { onError: 'route' })];
    expect(
      connectionProblem({ source: 'r', sourceHandle: 'error', target: 'b' }, routing, edges, catalogue),
    ).toBeNull();
  });
  it('refuses an edge with a missing end', () => {
    expect(connectionProblem({ source: 'a', target: null }, nodes, edges, catalogue)).toMatch(/nodes/);
  });
});
