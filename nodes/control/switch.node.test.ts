import { describe, it, expect } from 'vitest';
import switchNode from './switch.node.ts';
import { emit, portsOf } from '../define-node.ts';
import { makeTestContext } from '../testing.ts';
import { nodePorts } from '../../shared/ports.ts';

const config = switchNode.config.parse({
  cases: [
    { port: 'big', when: 'budget >= 10000' },
    { port: 'medium', when: 'budget >= 1000' },
    { port: 'also_big', when: 'budget >= 10000' },
  ],
});

describe('control.switch', () => {
  it('routes to the first matching case, else default', async () => {
    const ctx = makeTestContext();
    const big = { budget: 20000 };
    const out = await switchNode.execute(ctx, big, config);
    expect(out).toEqual(emit('big', big));
    expect((out as { output: unknown }).output).toBe(big);
    expect(await switchNode.execute(ctx, { budget: 1000 }, config)).toEqual(emit('medium', { budget: 1000 }));
    expect(await switchNode.execute(ctx, { budget: 1 }, config)).toEqual(emit('default', { budget: 1 }));
  });

  it('derives output ports from the cases', () => {
    expect(portsOf(switchNode, config)).toEqual({ inputs: ['in'], outputs: ['big', 'medium', 'also_big', 'default'] });
    expect(portsOf(switchNode, { cases: 'garbage' })).toEqual({ inputs: ['in'], outputs: ['default'] });
  });

  it('names the same outputs through portsFromConfig, which the designer and the static check read', () => {
    const kind = { ports: portsOf(switchNode, {}), trigger: null, portsFromConfig: switchNode.portsFromConfig ?? null };
    for (const c of [config, { ...config, onError: 'route' }, { cases: 'garbage' }, { cases: [{ port: 'a' }, {}] }])
      expect(nodePorts(kind, c), JSON.stringify(c)).toEqual(portsOf(switchNode, c));
  });

  it('rejects duplicate, reserved and malformed ports', () => {
    const dup = switchNode.config.safeParse({
      cases: [
        { port: 'a', when: 'true' },
        { port: 'a', when: 'false' },
      ],
    });
    expect(dup.error?.issues.map((i) => i.path)).toEqual([['cases', 1, 'port']]);
    expect(switchNode.config.safeParse({ cases: [{ port: 'default', when: 'true' }] }).success).toBe(false);
    expect(switchNode.config.safeParse({ cases: [{ port: 'a b', when: 'true' }] }).success).toBe(false);
    expect(switchNode.config.safeParse({ cases: [] }).success).toBe(false);
    expect(
      switchNode.config.safeParse({ cases: Array.from({ length: 51 }, (_, i) => ({ port: `p${i}`, when: 'true' })) })
        .success,
    ).toBe(false);
  });
});
