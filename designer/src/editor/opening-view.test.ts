import { describe, expect, it } from 'vitest';
import { openingView, READABLE_ZOOM } from './opening-view.ts';

const node = (x: number, y: number) => ({ x, y, width: 220, height: 72 });
const screen = { width: 1000, height: 700 };

describe('the view a flow opens at', () => {
  it('fits a small flow, centred, without zooming in past 100 %', () => {
    const v = openingView([node(0, 0), node(260, 0)], node(0, 0), screen);
    expect(v.zoom).toBe(1);
    expect(v.x).toBe((1000 - 480) / 2);
    expect(v.y).toBe((700 - 72) / 2);
  });

  it('keeps a wide flow readable and starts at its trigger', () => {
    const boxes = Array.from({ length: 15 }, (_, i) => node(i * 260, (i % 3) * 140));
    const trigger = boxes[0]!;
    const v = openingView(boxes, trigger, screen);
    expect(v.zoom).toBe(READABLE_ZOOM);
    expect(trigger.x * v.zoom + v.x).toBe(40);
    // The whole height fits at this zoom, so it is centred vertically.
    const h = (2 * 140 + 72) * v.zoom;
    expect(v.y).toBeCloseTo((700 - h) / 2);
  });

  it("pans to a trigger that is not the leftmost node, without leaving a gap at the flow's end", () => {
    const boxes = [node(-2000, 0), node(0, 0), node(2000, 0)];
    const v = openingView(boxes, boxes[2], screen);
    // The trigger is the rightmost node: the flow's right edge ends at the padding.
    expect((2000 + 220) * v.zoom + v.x).toBe(1000 - 40);
  });

  it('leaves an empty flow at the origin', () => {
    expect(openingView([], undefined, screen)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
