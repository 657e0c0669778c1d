import { describe, it, expect } from 'vitest';
import fail from './fail.node.ts';
import { makeTestContext } from '../testing.ts';

describe('control.fail', () => {
  it('throws a non-retryable error with the configured code, message and details', async () => {
    const c = fail.config.parse({ message: 'client is on hold', code: 'client_on_hold', details: { client: 'Acme' } });
    await expect(async () => fail.execute(makeTestContext(), {}, c)).rejects.toMatchObject({
      code: 'client_on_hold',
      message: 'client is on hold',
      retryable: false,
      details: { client: 'Acme' },
    });
  });

  it('defaults the code to flow_failed and requires a message', () => {
    expect(fail.config.parse({ message: 'x' }).code).toBe('flow_failed');
    expect(fail.config.safeParse({}).success).toBe(false);
    expect(fail.ports).toEqual({ inputs: ['in'], outputs: [] });
  });
});
