import type { FieldMapping, Literal, Mapping, Operand, Rule, SourcePath } from './model.ts';

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
const RESERVED = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
const INDENT = '  ';

/**
 * A key as one JSONata path step: plain when it is a name, backtick-quoted otherwise.
 * Null when JSONata cannot name the key in a path (it contains a backtick).
 */
export function pathSegment(key: string): string | null {
  if (IDENTIFIER.test(key) && !RESERVED.has(key)) return key;
  if (key.includes('`')) return null;
  return '`' + key + '`';
}

/** A string literal: single quotes where nothing needs escaping, JSON's double-quoted form otherwise. */
export function stringLiteral(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what needs escaping
  return /['\\\u0000-\u001f]/.test(s) ? JSON.stringify(s) : `'${s}'`;
}

export function literal(v: Literal): string {
  if (typeof v === 'string') return stringLiteral(v);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${v} is not a number JSONata can write`);
  return String(v);
}

export function sourceText(p: SourcePath): string {
  const steps = p.steps.map((k) => {
    const s = pathSegment(k);
    if (s === null) throw new Error(`the key ${JSON.stringify(k)} cannot be named in a JSONata path`);
    return s;
  });
  if (p.variable === undefined) {
    if (steps.length === 0) return '$';
    return steps.join('.');
  }
  return ['$' + p.variable, ...steps].join('.');
}

function operand(o: Operand): string {
  return 'source' in o ? sourceText(o.source) : literal(o.literal);
}

/** The picture $formatNumber writes an amount with `decimals` places in. */
export function moneyPicture(decimals: number): string {
  return decimals === 0 ? '0' : '0.' + '0'.repeat(decimals);
}

export function ruleText(rule: Rule, depth: number): string {
  switch (rule.kind) {
    case 'copy':
      return sourceText(rule.source);
    case 'constant':
      return literal(rule.value);
    case 'formatDate': {
      const from = rule.inputPicture === undefined ? '' : `, ${stringLiteral(rule.inputPicture)}`;
      return `$fromMillis($toMillis(${sourceText(rule.source)}${from}), ${stringLiteral(rule.picture)})`;
    }
    case 'roundMoney':
      return `$formatNumber($round($number(${sourceText(rule.source)}), ${rule.decimals}), ${stringLiteral(moneyPicture(rule.decimals))})`;
    case 'concat':
      return rule.parts.map(operand).join(' & ');
    case 'default':
      return `${sourceText(rule.source)} ?? ${literal(rule.value)}`;
    case 'condition':
      return `${sourceText(rule.test.source)} ${rule.test.op} ${literal(rule.test.value)} ? ${operand(rule.whenTrue)} : ${operand(rule.whenFalse)}`;
    case 'lookup':
      return `$lookup(${stringLiteral(rule.table)}, ${sourceText(rule.source)})`;
    case 'sum':
      return `$sum(${sourceText(rule.source)})`;
    case 'object':
      return objectText(rule.fields, depth);
    case 'list':
      return `[${sourceText(rule.source)}.${objectText(rule.fields, depth)}]`;
  }
}

function objectText(fields: FieldMapping[], depth: number): string {
  if (fields.length === 0) return '{}';
  const pad = INDENT.repeat(depth + 1);
  const lines = fields.map((f) => `${pad}${stringLiteral(f.target)}: ${ruleText(f.rule, depth + 1)}`);
  return `{\n${lines.join(',\n')}\n${INDENT.repeat(depth)}}`;
}

/** Readable JSONata for a mapping: an object constructor with one line per target field. */
export function generate(mapping: Mapping): string {
  const body = objectText(mapping.fields, 0);
  return mapping.context ? `${sourceText(mapping.context)}.${body}` : body;
}
