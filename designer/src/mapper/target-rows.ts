import type { FieldMapping, Mapping, Rule } from '../../../shared/mapping/model.ts';
import type { TargetField } from '../../../shared/mapping/target.ts';

/** A target field the mapper draws: from the schema, or only in the mapping (`extra`). */
export interface TargetRow extends TargetField {
  extra?: boolean;
  children?: TargetRow[];
}

/**
 * The schema's fields, followed at each level by the fields the mapping fills that the schema does not name,
 * so that every line of a mapping is shown, whatever its target schema.
 */
export function targetRows(schemaFields: TargetField[], mapping: Mapping): TargetRow[] {
  return merge(schemaFields, mapping.fields, []);
}

function merge(fields: TargetField[], mapped: FieldMapping[], path: string[]): TargetRow[] {
  const rows: TargetRow[] = fields.map((f) => {
    const rule = mapped.find((m) => m.target === f.key)?.rule;
    const inner = rule && (rule.kind === 'object' || rule.kind === 'list') ? rule.fields : [];
    if (!f.children && inner.length === 0) return f;
    return { ...f, children: merge(f.children ?? [], inner, f.path) };
  });
  for (const m of mapped) {
    if (fields.some((f) => f.key === m.target)) continue;
    const fieldPath = [...path, m.target];
    const row: TargetRow = {
      key: m.target,
      path: fieldPath,
      required: false,
      type: m.rule.kind === 'list' ? 'array' : m.rule.kind === 'object' ? 'object' : '',
      extra: true,
    };
    if (m.rule.kind === 'object' || m.rule.kind === 'list') row.children = merge([], m.rule.fields, fieldPath);
    rows.push(row);
  }
  return rows;
}

/** Target paths as keys of a set ("lines.amount"). */
export const pathKey = (path: readonly string[]) => path.join('\u0000');

/** Every rule of a mapping by its target path, nested ones included. */
export function rulesByPath(mapping: Mapping): Map<string, Rule> {
  const out = new Map<string, Rule>();
  const visit = (fields: FieldMapping[], path: string[]) => {
    for (const f of fields) {
      const p = [...path, f.target];
      out.set(pathKey(p), f.rule);
      if (f.rule.kind === 'object' || f.rule.kind === 'list') visit(f.rule.fields, p);
    }
  };
  visit(mapping.fields, []);
  return out;
}

/**
 * The list around the target field at `path` that no source list is mapped onto yet, if any: its items'
 * fields can only be filled once the list is mapped item by item.
 */
export function listToMapFirst(mapping: Mapping, rows: TargetRow[], path: readonly string[]): string[] | null {
  let level = rows;
  let fields: FieldMapping[] | undefined = mapping.fields;
  for (const key of path.slice(0, -1)) {
    const row = level.find((r) => r.key === key);
    const rule: Rule | undefined = fields?.find((f) => f.target === key)?.rule;
    if (!row) return null;
    if (row.type === 'array' && rule?.kind !== 'list') return row.path;
    fields = rule && (rule.kind === 'object' || rule.kind === 'list') ? rule.fields : undefined;
    level = row.children ?? [];
  }
  return null;
}
