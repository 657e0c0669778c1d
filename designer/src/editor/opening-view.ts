/** Where the canvas looks when a flow opens: the whole flow if it fits at a readable zoom, else its trigger. */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface View {
  x: number;
  y: number;
  zoom: number;
}

/** Below this zoom node titles are no longer legible. */
export const READABLE_ZOOM = 0.75;
const MAX_ZOOM = 1;
const PAD = 40;

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

/**
 * The viewport (screen = flow × zoom + offset) for a canvas of `size`: zoomed to fit but never below
 * READABLE_ZOOM; along an axis where the flow is larger than the screen, the `anchor` (the trigger) sits at
 * the start and the flow's edge never leaves a gap.
 */
export function openingView(boxes: Box[], anchor: Box | undefined, size: { width: number; height: number }): View {
  if (boxes.length === 0 || size.width <= 0 || size.height <= 0) return { x: 0, y: 0, zoom: 1 };
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  const zoom = clamp(
    Math.min((size.width - 2 * PAD) / (right - left), (size.height - 2 * PAD) / (bottom - top)),
    READABLE_ZOOM,
    MAX_ZOOM,
  );
  const a = anchor ?? { x: left, y: top, width: 0, height: 0 };
  const axis = (lo: number, hi: number, screen: number, anchorStart: number) => {
    if ((hi - lo) * zoom <= screen - 2 * PAD) return (screen - (hi - lo) * zoom) / 2 - lo * zoom;
    return clamp(PAD - anchorStart * zoom, screen - PAD - hi * zoom, PAD - lo * zoom);
  };
  // Vertically the trigger is centred rather than put at the top, so its branches above and below show.
  const anchorTop = a.y + a.height / 2 - (size.height / 2 - PAD) / zoom;
  return { x: axis(left, right, size.width, a.x), y: axis(top, bottom, size.height, anchorTop), zoom };
}
