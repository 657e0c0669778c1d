/**
 * The visual mapper's model of a JSONata mapping: an object built field by field, each target field taken
 * from a source field or from one of a few functions of source fields, nested objects nested, lists mapped
 * item by item. `generate` writes it as readable JSONata and `parse` reads such JSONata back.
 */

export type Literal = string | number | boolean | null;

/**
 * A field of the source: keys from the current context (the input, or the item of the list being mapped).
 * `variable` starts the path at a JSONata variable instead: "trigger" ($trigger), "steps" ($steps), "$" ($$, the
 * whole input while a list's items are mapped), "" ($, the context itself).
 */
export interface SourcePath {
  variable?: string;
  steps: string[];
}

/** A value in a concatenation or in a condition's branches: a source field or a fixed value. */
export type Operand = { source: SourcePath } | { literal: Literal };

export const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export type Rule =
  | { kind: 'copy'; source: SourcePath }
  | { kind: 'constant'; value: Literal }
  /** `$fromMillis($toMillis(source[, inputPicture]), picture)`: a date or timestamp written in another form. */
  | { kind: 'formatDate'; source: SourcePath; picture: string; inputPicture?: string }
  /** `$formatNumber($round($number(source), decimals), '0.00')`: an amount as a decimal string. */
  | { kind: 'roundMoney'; source: SourcePath; decimals: number }
  /** `a & ' ' & b`: texts joined. */
  | { kind: 'concat'; parts: Operand[] }
  /** `source ?? value`: the source field, or the value when the field is missing. */
  | { kind: 'default'; source: SourcePath; value: Literal }
  /** `source = value ? then : else`. */
  | {
      kind: 'condition';
      test: { source: SourcePath; op: Comparison; value: Literal };
      whenTrue: Operand;
      whenFalse: Operand;
    }
  /** `$lookup('table', source)`: the value of a lookup table's entry. */
  | { kind: 'lookup'; table: string; source: SourcePath }
  /** `$sum(source)`: the total of a field over a list. */
  | { kind: 'sum'; source: SourcePath }
  /** A nested object, built field by field. */
  | { kind: 'object'; fields: FieldMapping[] }
  /** `[source.{ … }]`: a list made of one object per item of the source list; the fields' sources are the item's. */
  | { kind: 'list'; source: SourcePath; fields: FieldMapping[] };

export type RuleKind = Rule['kind'];

export interface FieldMapping {
  target: string;
  rule: Rule;
}

/** A whole mapping: `{ … }`, or `context.{ … }` when the fields are read from one part of the input. */
export interface Mapping {
  context?: SourcePath;
  fields: FieldMapping[];
}

/** What `parse` answers for JSONata the mapper cannot show as lines; the text then stays as it is. */
export interface Unsupported {
  unsupported: true;
  reason: string;
}

export function isUnsupported(v: Mapping | Unsupported): v is Unsupported {
  return (v as Unsupported).unsupported === true;
}

/** The source paths a rule reads (its sub-mapping's fields are read per item and not included). */
export function sourcesOf(rule: Rule): SourcePath[] {
  const ofOperand = (o: Operand) => ('source' in o ? [o.source] : []);
  switch (rule.kind) {
    case 'constant':
    case 'object':
      return [];
    case 'concat':
      return rule.parts.flatMap(ofOperand);
    case 'condition':
      return [rule.test.source, ...ofOperand(rule.whenTrue), ...ofOperand(rule.whenFalse)];
    default:
      return [rule.source];
  }
}
