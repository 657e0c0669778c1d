import {
  HighlightStyle,
  LanguageSupport,
  StreamLanguage,
  syntaxHighlighting,
  type StringStream,
} from '@codemirror/language';
import { tags as t } from '@lezer/highlight';

interface JsonataState {
  /** Inside a multi-line comment or string (the quote that closes it). */
  open: '*/' | '"' | "'" | null;
  /** The last token was a value, so a `/` is division rather than a regex. */
  afterValue: boolean;
  /** For each open bracket, the indentation of the lines inside it. */
  indents: number[];
  unit: number;
}

const KEYWORD_OPERATORS = new Set(['and', 'or', 'in']);
const OPERATORS = /^(?::=|~>|!=|<=|>=|\.\.|\?:|\?\?|\*\*|[-+*%=<>?:!&|^#@])/;
const NAME = /^[\p{L}_][\p{L}\p{N}_]*/u;
const NUMBER = /^(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

function readString(stream: StringStream, state: JsonataState, quote: '"' | "'"): string {
  let escaped = false;
  for (let ch = stream.next(); ch !== undefined; ch = stream.next()) {
    if (ch === quote && !escaped) {
      state.open = null;
      return 'string';
    }
    escaped = !escaped && ch === '\\';
  }
  state.open = quote;
  return 'string';
}

function readComment(stream: StringStream, state: JsonataState): string {
  if (stream.match(/^.*?\*\//)) state.open = null;
  else {
    stream.skipToEnd();
    state.open = '*/';
  }
  return 'comment';
}

function readRegex(stream: StringStream): boolean {
  const rest = stream.string.slice(stream.pos);
  const m = /^\/(?:\\.|[^\\/])+\/[a-z]*/.exec(rest);
  if (!m) return false;
  stream.pos += m[0].length;
  return true;
}

function token(stream: StringStream, state: JsonataState): string | null {
  if (state.open === '*/') return readComment(stream, state);
  if (state.open) return readString(stream, state, state.open);
  if (stream.eatSpace()) return null;

  const value = (style: string) => {
    state.afterValue = true;
    return style;
  };
  const operator = (style: string) => {
    state.afterValue = false;
    return style;
  };

  if (stream.match('/*')) return readComment(stream, state);
  const ch = stream.peek()!;
  if (ch === '"' || ch === "'") {
    stream.next();
    return value(readString(stream, state, ch));
  }
  if (ch === '`') {
    stream.next();
    if (!stream.skipTo('`')) stream.skipToEnd();
    else stream.next();
    return value('propertyName.special');
  }
  if (ch === '/' && !state.afterValue && readRegex(stream)) return value('regexp');
  if (stream.match(NUMBER)) return value('number');
  if (ch === '$') {
    stream.next();
    if (stream.eat('$')) return value('variableName.special');
    if (!stream.match(NAME)) return value('variableName.special');
    return value(stream.match(/^\s*\(/, false) ? 'variableName.function' : 'variableName');
  }
  const name = stream.match(NAME);
  if (name) {
    const word = stream.current();
    if (KEYWORD_OPERATORS.has(word)) return operator('operatorKeyword');
    if (word === 'true' || word === 'false') return value('bool');
    if (word === 'null') return value('null');
    if (word === 'function' || word === 'λ') return operator('definitionKeyword');
    return value('propertyName');
  }
  stream.next();
  if ('([{'.includes(ch)) {
    state.indents.push(stream.indentation() + state.unit);
    return operator(ch === '(' ? 'paren' : ch === '[' ? 'squareBracket' : 'brace');
  }
  if (')]}'.includes(ch)) {
    state.indents.pop();
    return value(ch === ')' ? 'paren' : ch === ']' ? 'squareBracket' : 'brace');
  }
  if (ch === ',' || ch === ';') return operator('separator');
  if (ch === '.') {
    if (stream.eat('.')) return operator('operator');
    return operator('derefOperator');
  }
  if (ch === '/') return operator('arithmeticOperator');
  stream.backUp(1);
  if (stream.match(OPERATORS)) {
    const op = stream.current();
    // A bare `*` or `**` after a step is a wildcard, i.e. a value.
    if ((op === '*' || op === '**') && !state.afterValue) return value('operator');
    return operator('operator');
  }
  stream.next();
  return operator('invalid');
}

export const jsonataLanguage = StreamLanguage.define<JsonataState>({
  name: 'jsonata',
  startState: (unit) => ({ open: null, afterValue: false, indents: [], unit }),
  token,
  indent(state, textAfter, context) {
    if (state.open === '*/' || state.open === '"' || state.open === "'") return null;
    const inner = state.indents.at(-1) ?? 0;
    return /^\s*[)\]}]/.test(textAfter) ? Math.max(0, inner - context.unit) : inner;
  },
  languageData: {
    commentTokens: { block: { open: '/*', close: '*/' } },
    closeBrackets: { brackets: ['(', '[', '{', '"', "'", '`'] },
    indentOnInput: /^\s*[)\]}]$/,
  },
});

export const jsonataHighlightStyle = HighlightStyle.define([
  { tag: [t.propertyName], color: '#1b2230' },
  { tag: [t.special(t.propertyName)], color: '#6a3fb5' },
  { tag: [t.function(t.variableName)], color: '#3157d5' },
  { tag: [t.variableName], color: '#0f7b8a' },
  { tag: [t.special(t.variableName)], color: '#0f7b8a', fontWeight: '600' },
  { tag: [t.string], color: '#1f8a4c' },
  { tag: [t.regexp], color: '#b35309' },
  { tag: [t.number, t.bool, t.null], color: '#b7411f' },
  { tag: [t.operatorKeyword, t.definitionKeyword], color: '#a1267a', fontWeight: '600' },
  { tag: [t.operator, t.arithmeticOperator, t.derefOperator], color: '#5d6778' },
  { tag: [t.paren, t.squareBracket, t.brace, t.separator], color: '#5d6778' },
  { tag: t.comment, color: '#8a93a3', fontStyle: 'italic' },
  { tag: t.invalid, color: '#c92a2a' },
]);

/** JSONata syntax highlighting, indentation and bracket data for a CodeMirror editor. */
export function jsonata(): LanguageSupport {
  return new LanguageSupport(jsonataLanguage, [syntaxHighlighting(jsonataHighlightStyle)]);
}
