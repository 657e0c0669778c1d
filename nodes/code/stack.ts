import { USER_LINE_OFFSET } from './prelude.ts';

const MAX_FRAMES = 10;
const LOCATION = /code\.js:(\d+):(\d+)/g;

/** "code.js:<line>:<col>" of the wrapped source → the line the author wrote; null for a line of the wrapper. */
function userLocation(line: number, col: number, lines: number): string | null {
  const own = line - USER_LINE_OFFSET;
  return own >= 1 && own <= lines ? `code.js:${own}:${col}` : null;
}

/** Rewrites code.js locations in a message (a syntax error names one) to the author's lines. */
export function userMessage(message: string, lines: number): string {
  return message.replace(LOCATION, (all, l: string, c: string) => userLocation(Number(l), Number(c), lines) ?? all);
}

/**
 * The stack of an error from code.js as its author can read it: the message, then only the frames
 * of their code (at their line numbers) and of the isolate's built-ins. Everything past the isolate
 * boundary — the host's files, paths and modules — and the wrapper's own frames are left out.
 */
export function sandboxStack(stack: string, lines: number): string {
  const all = stack.split('\n');
  const first = all.findIndex((l) => /^\s+at /.test(l));
  const head = (first < 0 ? all : all.slice(0, first)).map((l) => userMessage(l, lines));
  const frames: string[] = [];
  for (const frame of first < 0 ? [] : all.slice(first)) {
    if (frame.includes('<isolated-vm boundary>')) break;
    const kept = userFrame(frame, lines);
    if (kept) frames.push(kept);
    if (frames.length === MAX_FRAMES) break;
  }
  return [...head, ...frames].join('\n');
}

function userFrame(frame: string, lines: number): string | null {
  const at = /^(\s+at .*?)\(?(code\.js:(\d+):(\d+))\)?$/.exec(frame);
  if (at) {
    const loc = userLocation(Number(at[3]), Number(at[4]), lines);
    if (!loc) return null;
    return frame.replace(at[2]!, loc);
  }
  // A built-in of the isolate ("at Array.reduce (<anonymous>)", "at new Promise (native)"): no place on the host.
  return /\((<anonymous>|native)\)$/.test(frame) ? frame : null;
}
