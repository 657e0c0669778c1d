import { setFlagsFromString } from 'node:v8';

/** How much V8 lets the old generation grow past what it held after a full collection, in percent. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * A long-running runtime keeps its resident memory near what it holds. Under load V8 lets the heap grow
 * to up to four times its live size between full collections; most of that is runs' state already
 * finished with. Growing by half instead keeps the peak close to the live size, for a few more (mostly
 * concurrent) collections. A `--heap-growing-percent` given on node's command line is kept.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
