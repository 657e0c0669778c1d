/**
 * JSONata evaluates with `await` between its steps, but awaiting values that
 * are already there never lets the event loop turn: a long evaluation (an
 * endless loop waiting for its timeout) would hold every other request and
 * run until it ends. Bound as JSONata's evaluate-entry hook, this lets the
 * event loop turn once every SLICE_MS of continuous evaluation.
 */

const SLICE_MS = 20;
/** Evaluation steps between two looks at the clock. */
const STEPS_PER_LOOK = 256;

let steps = 0;
let sliceStart = performance.now();

const turned = (resolve: () => void) => () => {
  sliceStart = performance.now();
  resolve();
};

export function shareTheLoop(): Promise<void> | undefined {
  if (++steps < STEPS_PER_LOOK) return undefined;
  steps = 0;
  if (performance.now() - sliceStart < SLICE_MS) return undefined;
  return new Promise<void>((resolve) => setImmediate(turned(resolve)));
}
