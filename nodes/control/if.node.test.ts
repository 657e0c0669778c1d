import { describe, it, expect } from 'vitest';
import ifNode from './if.node.ts';
import { emit } from '../define-node.ts';
import { makeTestContext } from '../testing.ts';

const run = (condition: string, input: unknown) =>
  ifNode.execute(makeTestContext(), input, ifNode.config.parse({ condition }));

describe('control.if', () => {
  it('routes the unchanged input by the predicate', async () => {
    const input = { budget: 5000 };
    expect(await run('budget > 1000', input)).toEqual(emit('true', input));
    expect(await run('budget > 9000', input)).toEqual(emit('false', input));
    expect(((await run('budget > 1000', input)) as { output: unknown }).output).toBe(input);
  });

  it('treats anything but exactly true as false', async () => {
    expect(await run('"true"', {})).toEqual(emit('false', {}));
    expect(await run('missing', {})).toEqual(emit('false', {}));
  });

  it('has ports in → true/false', () => {
    expect(ifNode.ports).toEqual({ inputs: ['in'], outputs: ['true', 'false'] });
  });
});
