import { describe, expect, it } from 'vitest';
import { connectionProblem } from './connection-rules.ts';
import { outputsOf } from './ports.ts';
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
    expect(check('ghost', 'out', 'a')).toMatch(/nodes/);
  });
  it('derives config-named outputs before the static ones, ignoring blanks and duplicates', () => {
    expect(outputsOf(nodes[4].data.node, catalogue.get('control.switch'))).toEqual(['big', 'small', 'default']);
    expect(outputsOf({ config: { cases: 'garbage' } }, catalogue.get('control.switch'))).toEqual(['default']);
    expect(outputsOf({ config: {} }, undefined)).toEqual(['out']);
  });
  it('gives a node routing its errors an "error" output, never a trigger', () => {
    expect(outputsOf({ config: { onError: 'route' } }, catalogue.get('map.jsonata'))).toEqual(['out', 'error']);
    expect(outputsOf({ config: { onError: 'fail' } }, catalogue.get('map.jsonata'))).toEqual(['out']);
    expect(outputsOf({ config: { onError: 'route' } }, catalogue.get('trigger.webhook'))).toEqual(['out']);
  });
});
