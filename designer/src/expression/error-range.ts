import { isExpressionString } from '../../../shared/expression-string.ts';

const WORD_CHAR = /[\p{L}\p{N}_$]/u;

/** The runtime's error as a heading and a message without its "expression …:" prefix. */
export function describeError(code: string, message: string): { title: string; message: string } {
  const syntax = code === 'expression_syntax' || message.startsWith('expression syntax error');
  return {
    title: syntax ? 'Syntax error' : 'Evaluation failed',
    message: message.replace(/^expression (?:syntax error|failed): /, ''),
  };
}

/**
 * Where to mark an error in the text: JSONata reports the offset just after the
 * offending token, so the word (or function call) ending there is marked; with
 * no offset, all of the text.
 */
export function errorRange(
  text: string,
  position: number | undefined,
  message: string,
): { from: number; to: number; message: string } {
  if (position === undefined) return { from: 0, to: text.length, message };
  const shift = isExpressionString(text) ? 1 : 0;
  const to = Math.max(0, Math.min(text.length, position + shift));
  let from = text[to - 1] === '(' ? to - 1 : to;
  while (from > shift && WORD_CHAR.test(text[from - 1])) from--;
  return { from: from === to ? Math.max(0, to - 1) : from, to, message };
}
