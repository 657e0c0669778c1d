import { describe, expect, it } from 'vitest';
import { ERROR_PORT, nodePorts, routesErrors, withErrorPort, type PortsOfKind } from './ports.ts';

const kind = (outputs: string[], extra: Partial<PortsOfKind> = {}): PortsOfKind => ({
  ports: { inputs: ['in'], outputs },
  trigger: null,
  portsFromConfig: null,
  ...extra,
});
const switchKind = kind(['default'], { portsFromConfig: ['cases', '*', 'port'] });
const webhook = kind(['out'], { trigger: 'webhook', ports: { inputs: [], outputs: ['out'] } });

describe('the ports of a node', () => {
  it('are the static ports of its kind', () => {
    expect(nodePorts(kind(['valid', 'invalid']), {})).toEqual({ inputs: ['in'], outputs: ['valid', 'invalid'] });
    expect(nodePorts(webhook, {})).toEqual({ inputs: [], outputs: ['out'] });
  });

  it('put outputs named in the config first, without blanks, repeats or non-strings', () => {
    const config = { cases: [{ port: 'big' }, { port: 'small' }, { port: 'big' }, { port: '' }, { when: 'x' }, 7] };
    expect(nodePorts(switchKind, config).outputs).toEqual(['big', 'small', 'default']);
    expect(nodePorts(switchKind, { cases: [{ port: 'default' }] }).outputs).toEqual(['default']);
    for (const odd of [{ cases: 'garbage' }, {}, null, 'x', { cases: [null] }])
      expect(nodePorts(switchKind, odd).outputs, JSON.stringify(odd)).toEqual(['default']);
  });

  it('do not read inherited properties as config', () => {
    expect(nodePorts(kind(['out'], { portsFromConfig: ['constructor', 'name'] }), {}).outputs).toEqual(['out']);
  });

  it('gain the error output when the config routes errors, never on a trigger', () => {
    expect(nodePorts(kind(['out']), { onError: 'route' }).outputs).toEqual(['out', ERROR_PORT]);
    expect(nodePorts(kind(['out']), { onError: 'fail' }).outputs).toEqual(['out']);
    expect(nodePorts(webhook, { onError: 'route' }).outputs).toEqual(['out']);
    expect(nodePorts(switchKind, { cases: [{ port: 'a' }], onError: 'route' }).outputs).toEqual([
      'a',
      'default',
      'error',
    ]);
    expect(withErrorPort({ inputs: [], outputs: ['error'] }, { onError: 'route' }, false).outputs).toEqual(['error']);
    expect(routesErrors(null, false)).toBe(false);
    expect(routesErrors({ onError: 'route' }, true)).toBe(false);
  });

  it('of an unknown kind are one input and one output', () => {
    expect(nodePorts(undefined, { onError: 'route' })).toEqual({ inputs: ['in'], outputs: ['out'] });
  });
});
