import { describe, expect, it } from 'vitest';
import { boundHeapGrowth } from './heap.ts';

describe('the runtime’s heap growth', () => {
  it('is bounded at start, unless node was started with a growth of its own', () => {
    expect(boundHeapGrowth(['--no-node-snapshot'])).toBe(true);
    expect(boundHeapGrowth(['--heap-growing-percent=20'])).toBe(false);
    expect(boundHeapGrowth(['--heap_growing_percent', '20'])).toBe(false);
  });
});
