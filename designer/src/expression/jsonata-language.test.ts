import { describe, it, expect } from 'vitest';
import { EditorState } from '@codemirror/state';
import { ensureSyntaxTree, getIndentation } from '@codemirror/language';
import { jsonata } from './jsonata-language.ts';

function tokens(doc: string): string[] {
  const state = EditorState.create({ doc, extensions: [jsonata()] });
  const out: string[] = [];
  ensureSyntaxTree(state, doc.length, 5000)!.iterate({
    enter: (n) => {
      if (!n.type.isTop) out.push(`${n.type.name} ${doc.slice(n.from, n.to)}`);
    },
  });
  return out;
}

describe('jsonata language', () => {
  it('tells variables, function calls, names and operators apart', () => {
    expect(tokens('$sum(lines.amount) and $x')).toEqual([
      'variableName.function $sum',
      'paren (',
      'propertyName lines',
      'derefOperator .',
      'propertyName amount',
      'paren )',
      'operatorKeyword and',
      'variableName $x',
    ]);
  });

  it('reads strings with escapes, backtick names, numbers and literals', () => {
    expect(tokens(`"a\\"b" & 'c' & \`first name\` * 1.5e3 in [true, null]`)).toEqual([
      'string "a\\"b"',
      'operator &',
      "string 'c'",
      'operator &',
      'propertyName.special `first name`',
      'operator *',
      'number 1.5e3',
      'operatorKeyword in',
      'squareBracket [',
      'bool true',
      'separator ,',
      'null null',
      'squareBracket ]',
    ]);
  });

  it('reads a slash as a regex only where a value is expected', () => {
    expect(tokens('$match(s, /a\\/b/i)')).toContain('regexp /a\\/b/i');
    expect(tokens('total / 2 / 3')).toEqual([
      'propertyName total',
      'arithmeticOperator /',
      'number 2',
      'arithmeticOperator /',
      'number 3',
    ]);
  });

  it('reads comments and strings over several lines', () => {
    expect(tokens('/* one\ntwo */ a')).toEqual(['comment /* one', 'comment two */', 'propertyName a']);
    expect(tokens('"x\ny"')).toEqual(['string "x', 'string y"']);
  });

  it('marks lambdas, context variables and chaining', () => {
    expect(tokens('$ ~> function($v){ $$ }')).toEqual([
      'variableName.special $',
      'operator ~>',
      'definitionKeyword function',
      'paren (',
      'variableName $v',
      'paren )',
      'brace {',
      'variableName.special $$',
      'brace }',
    ]);
  });

  it('indents one step per line that opens brackets', () => {
    const doc = '$map(lines, function($l) {\n\n})';
    const state = EditorState.create({ doc, extensions: [jsonata()] });
    expect(getIndentation(state, doc.indexOf('\n') + 1)).toBe(2);
    expect(getIndentation(state, doc.lastIndexOf('\n') + 1)).toBe(0);
  });
});
