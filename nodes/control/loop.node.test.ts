import { describe, it, expect } from 'vitest';
import loop from './loop.node.ts';
import aggregate from './aggregate.node.ts';
import { isWaiting } from '../define-node.ts';
import { makeTestContext } from '../testing.ts';

describe('control.loop', () => {
  it('waits on its list with its settings; an empty items setting takes the input', async () => {
    const w = await loop.execute(makeTestContext(), { x: 1 }, loop.config.parse({ items: [1, 2], concurrency: 3 }));
    expect(isWaiting(w) && w.loop).toEqual({ items: [1, 2], concurrency: 3, batchSize: 1, onItemFailure: 'stop' });
    const own = await loop.execute(makeTestContext(), ['a'], loop.config.parse({ itemKey: 'code' }));
    expect(isWaiting(own) && own.loop).toMatchObject({ items: ['a'], itemKey: 'code' });
  });

  it('refuses items that are no list, saying what they were', async () => {
    await expect(loop.execute(makeTestContext(), null, loop.config.parse({ items: { a: 1 } }))).rejects.toThrow(
      'items must give a list or a JSON Lines file; it gave object',
    );
    await expect(loop.execute(makeTestContext(), 'text', loop.config.parse({}))).rejects.toThrow(
      'items must give a list or a JSON Lines file; it gave string (the input, as items is empty)',
    );
  });

  it('waits on a JSON Lines file by reference with its number of items, leaving the items in the file', async () => {
    const ctx = makeTestContext();
    const file = await ctx.files.write('rows.jsonl', 'application/x-ndjson', '{"a":1}\n{"a":2}\n\n{"a":3}');
    const w = await loop.execute(ctx, { file }, loop.config.parse({ items: file, batchSize: 2 }));
    expect(isWaiting(w) && w.loop).toEqual({
      items: [],
      file,
      count: 3,
      concurrency: 1,
      batchSize: 2,
      onItemFailure: 'stop',
    });
  });
});

describe('control.aggregate', () => {
  const ctx = (sources: string[]) => ({ ...makeTestContext(), sources: () => sources });
  it("takes a loop's results, a list's entries, or one value", async () => {
    const c = aggregate.config.parse({});
    expect(await aggregate.execute(ctx(['loop']), { results: [1, null, 3], failed: [{}] }, c)).toEqual([1, null, 3]);
    expect(await aggregate.execute(ctx(['a']), [1, 2], c)).toEqual([1, 2]);
    expect(await aggregate.execute(ctx(['a']), { one: 1 }, c)).toEqual([{ one: 1 }]);
    expect(
      await aggregate.execute(
        ctx(['loop']),
        { results: [1, null], failed: [] },
        aggregate.config.parse({ dropEmpty: true }),
      ),
    ).toEqual([1]);
  });

  it('joins several branches in the order of the edges into it; without flatten each arrives as one entry', async () => {
    const input = { b: [3], a: [1, 2] };
    expect(await aggregate.execute(ctx(['a', 'b']), input, aggregate.config.parse({}))).toEqual([1, 2, 3]);
    expect(await aggregate.execute(ctx(['a', 'b']), input, aggregate.config.parse({ flatten: false }))).toEqual([
      [1, 2],
      [3],
    ]);
  });
});
