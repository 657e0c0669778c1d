import { ruleText } from '../../../shared/mapping/generate.ts';
import { ruleAt, setRule, sourceFor } from '../../../shared/mapping/edit.ts';
import type { Literal, Mapping, Rule, RuleKind, SourcePath } from '../../../shared/mapping/model.ts';

/** The functions a target field can be filled with, as the picker names them. */
export const FUNCTIONS: { kind: RuleKind; label: string }[] = [
  { kind: 'copy', label: 'Field as it is' },
  { kind: 'formatDate', label: 'Format date' },
  { kind: 'roundMoney', label: 'Round money' },
  { kind: 'concat', label: 'Concatenate' },
  { kind: 'default', label: 'Default value' },
  { kind: 'condition', label: 'Condition' },
  { kind: 'lookup', label: 'Lookup table' },
  { kind: 'sum', label: 'Sum over a list' },
  { kind: 'constant', label: 'Fixed value' },
];

/** What the mapper knows of a target field when something is dropped on it or its function changes. */
export interface TargetInfo {
  path: string[];
  /** The schema's type: "string", "number", "array", … or "". */
  type: string;
  /** The field is a list whose items have fields (a list maps to a list item by item). */
  listOfObjects: boolean;
}

/** The source a rule reads first, to carry over when its function changes. */
function mainSource(rule: Rule | undefined): SourcePath | undefined {
  if (!rule) return undefined;
  if ('source' in rule) return rule.source;
  if (rule.kind === 'condition') return rule.test.source;
  if (rule.kind === 'concat') {
    const first = rule.parts.find((p) => 'source' in p);
    return first && 'source' in first ? first.source : undefined;
  }
  return undefined;
}

/** A fixed value typed into an input, as the target field's type wants it. */
export function literalFor(text: string, type: string): Literal {
  if ((type === 'number' || type === 'integer') && text.trim() !== '' && Number.isFinite(Number(text)))
    return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  if (text === 'null' && type !== 'string') return null;
  return text;
}

/** The rule a target field gets when the analyst picks another function; the field's source is kept. */
export function withKind(rule: Rule | undefined, kind: RuleKind, target: TargetInfo): Rule | undefined {
  const source = mainSource(rule);
  const empty = literalFor('', target.type);
  switch (kind) {
    case 'constant':
      return { kind, value: rule?.kind === 'constant' ? rule.value : empty };
    case 'concat':
      return { kind, parts: source ? [{ source }, { literal: ' ' }] : [{ literal: '' }] };
    case 'object':
    case 'list':
      return rule;
  }
  if (!source) return undefined;
  switch (kind) {
    case 'copy':
      return { kind, source };
    case 'formatDate':
      return { kind, source, picture: target.type === 'string' ? '[Y0001]-[M01]-[D01]' : '[D01]/[M01]/[Y0001]' };
    case 'roundMoney':
      return { kind, source, decimals: 2 };
    case 'default':
      return { kind, source, value: empty };
    case 'condition':
      return { kind, test: { source, op: '=', value: '' }, whenTrue: { literal: '' }, whenFalse: { source } };
    case 'lookup':
      return { kind, table: '', source };
    case 'sum':
      return { kind, source };
  }
}

/**
 * The mapping after a source field (`absolute`: keys from the source's root) is dropped on a target field:
 * a list onto a list of objects maps item by item (keeping the item lines already there), a field onto a
 * concatenation is added to it, onto a function it becomes the function's source, and otherwise it is copied.
 */
export function dropSource(mapping: Mapping, target: TargetInfo, absolute: string[], isList: boolean): Mapping {
  const source = sourceFor(mapping, target.path, absolute);
  const old = ruleAt(mapping, target.path);
  if (isList && target.listOfObjects)
    return setRule(mapping, target.path, {
      kind: 'list',
      source,
      fields: old?.kind === 'list' || old?.kind === 'object' ? old.fields : [],
    });
  let next: Rule;
  switch (old?.kind) {
    case 'concat':
      next = { ...old, parts: [...old.parts.filter((p) => !('literal' in p && p.literal === '')), { source }] };
      break;
    case 'condition':
      next = { ...old, test: { ...old.test, source } };
      break;
    case 'formatDate':
    case 'roundMoney':
    case 'default':
    case 'lookup':
    case 'sum':
      next = { ...old, source };
      break;
    default:
      next = { kind: 'copy', source };
  }
  return setRule(mapping, target.path, next);
}

/** The JSONata a rule is written as (a list or an object is named, not spelt out). */
export function ruleSummary(rule: Rule): string {
  if (rule.kind === 'object') return `object of ${rule.fields.length} field${rule.fields.length === 1 ? '' : 's'}`;
  if (rule.kind === 'list') return `each item of ${ruleText({ kind: 'copy', source: rule.source }, 0)}`;
  return ruleText(rule, 0);
}
