import type { FieldMapping, Mapping, Rule, SourcePath } from './model.ts';

/**
 * Edits of a mapping by target path (keys from the root of the output; a list's item fields continue the
 * list's path: ["lines", "amount"]). Every edit returns a new mapping and leaves the old one as it was.
 */

/** The rule that fills the target field at `path`, if any. */
export function ruleAt(mapping: Mapping, path: readonly string[]): Rule | undefined {
  let fields = mapping.fields;
  for (let i = 0; i < path.length; i++) {
    const rule = fields.find((f) => f.target === path[i])?.rule;
    if (i === path.length - 1 || !rule) return rule;
    if (rule.kind !== 'object' && rule.kind !== 'list') return undefined;
    fields = rule.fields;
  }
  return undefined;
}

/** The mapping with the target field at `path` filled by `rule`; objects on the way are created as needed. */
export function setRule(mapping: Mapping, path: readonly string[], rule: Rule): Mapping {
  if (path.length === 0) throw new Error('a target field needs a path');
  return { ...mapping, fields: setIn(mapping.fields, path, rule) };
}

function setIn(fields: FieldMapping[], path: readonly string[], rule: Rule): FieldMapping[] {
  const [key, ...rest] = path;
  const at = fields.findIndex((f) => f.target === key);
  let next: Rule = rule;
  if (rest.length > 0) {
    const old = at >= 0 ? fields[at].rule : undefined;
    next =
      old && (old.kind === 'object' || old.kind === 'list')
        ? { ...old, fields: setIn(old.fields, rest, rule) }
        : { kind: 'object', fields: setIn([], rest, rule) };
  }
  if (at < 0) return [...fields, { target: key, rule: next }];
  return fields.map((f, i) => (i === at ? { target: key, rule: next } : f));
}

/** The mapping without the target field at `path`; objects left empty go too. */
export function removeRule(mapping: Mapping, path: readonly string[]): Mapping {
  return { ...mapping, fields: removeIn(mapping.fields, path) };
}

function removeIn(fields: FieldMapping[], path: readonly string[]): FieldMapping[] {
  const [key, ...rest] = path;
  if (rest.length === 0) return fields.filter((f) => f.target !== key);
  return fields.flatMap((f) => {
    if (f.target !== key || (f.rule.kind !== 'object' && f.rule.kind !== 'list')) return [f];
    const inner = removeIn(f.rule.fields, rest);
    if (inner.length === 0 && f.rule.kind === 'object') return [];
    return [{ target: key, rule: { ...f.rule, fields: inner } }];
  });
}

/**
 * The absolute source path (keys from the input's root) of each list being mapped around the target field at
 * `path`, innermost last; the mapping's context counts as the outermost. Null for a list whose source is not
 * a plain path below the context (a variable), whose items the source tree cannot name.
 */
export function contextsAt(mapping: Mapping, path: readonly string[]): (string[] | null)[] {
  const out: (string[] | null)[] = [];
  let base: string[] | null = [];
  if (mapping.context) {
    base = mapping.context.variable === undefined ? [...mapping.context.steps] : null;
    out.push(base);
  }
  let fields = mapping.fields;
  for (const key of path.slice(0, -1)) {
    const rule = fields.find((f) => f.target === key)?.rule;
    if (!rule || (rule.kind !== 'object' && rule.kind !== 'list')) break;
    if (rule.kind === 'list') {
      base = base && rule.source.variable === undefined ? [...base, ...rule.source.steps] : null;
      out.push(base);
    }
    fields = rule.fields;
  }
  return out;
}

/**
 * How the target field at `path` names the source field at `absolute` (keys from the input's root): relative to
 * the item of the innermost list around it when the field is inside that list, from the input's root ($$)
 * when it is not, and as it is when no list is around.
 */
export function sourceFor(mapping: Mapping, path: readonly string[], absolute: readonly string[]): SourcePath {
  const contexts = contextsAt(mapping, path);
  if (contexts.length === 0) return { steps: [...absolute] };
  const inner = contexts[contexts.length - 1];
  if (inner && inner.length <= absolute.length && inner.every((k, i) => absolute[i] === k))
    return { steps: absolute.slice(inner.length) };
  return { variable: '$', steps: [...absolute] };
}

/** The source path a rule's `source` names, from the input's root; null when it starts at another variable. */
export function absoluteSource(mapping: Mapping, path: readonly string[], source: SourcePath): string[] | null {
  if (source.variable === '$') return [...source.steps];
  if (source.variable !== undefined) return null;
  const contexts = contextsAt(mapping, path);
  if (contexts.length === 0) return [...source.steps];
  const inner = contexts[contexts.length - 1];
  return inner ? [...inner, ...source.steps] : null;
}
