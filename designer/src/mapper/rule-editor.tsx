import { memo } from 'react';
import {
  COMPARISONS,
  type Comparison,
  type Literal,
  type Operand,
  type Rule,
  type RuleKind,
} from '../../../shared/mapping/model.ts';
import { sourceText } from '../../../shared/mapping/generate.ts';
import { FUNCTIONS, literalFor, withKind, type TargetInfo } from './rules.ts';

const show = (v: Literal) => (v === null ? 'null' : String(v));

/** A small input that edits a fixed value of the target's type. */
function LiteralInput({
  label,
  value,
  type,
  onChange,
  placeholder,
}: {
  label: string;
  value: Literal;
  type: string;
  onChange: (v: Literal) => void;
  placeholder?: string;
}) {
  return (
    <input
      className="mapper-param"
      aria-label={label}
      value={show(value)}
      placeholder={placeholder}
      onChange={(e) => onChange(literalFor(e.target.value, type))}
    />
  );
}

/** A part of a concatenation or a branch of a condition: a source field (shown) or a text (editable). */
function OperandInput({ label, value, onChange }: { label: string; value: Operand; onChange: (o: Operand) => void }) {
  if ('source' in value)
    return (
      <code className="mapper-chip" title="A source field; drop another field to replace the first one">
        {sourceText(value.source)}
      </code>
    );
  return (
    <input
      className="mapper-param"
      aria-label={label}
      value={show(value.literal)}
      onChange={(e) => onChange({ literal: e.target.value })}
    />
  );
}

/** Per target field: the function that fills it, and that function's settings. */
export const RuleEditor = memo(function RuleEditor({
  rule,
  target,
  label,
  onChange,
  lookupTables,
}: {
  rule: Rule;
  target: TargetInfo;
  /** The target field's name, for accessible names. */
  label: string;
  onChange: (rule: Rule | undefined) => void;
  lookupTables: string[];
}) {
  if (rule.kind === 'object' || rule.kind === 'list') return null;
  const pick = (kind: RuleKind) => {
    const next = withKind(rule, kind, target);
    if (next) onChange(next);
  };
  return (
    <div className="mapper-rule">
      <select aria-label={`Function for ${label}`} value={rule.kind} onChange={(e) => pick(e.target.value as RuleKind)}>
        {FUNCTIONS.map((f) => (
          <option key={f.kind} value={f.kind}>
            {f.label}
          </option>
        ))}
      </select>
      {rule.kind === 'formatDate' && (
        <>
          <input
            className="mapper-param"
            aria-label={`Date picture for ${label}`}
            title="How the date is written, e.g. [D01]/[M01]/[Y0001] or [Y0001]-[M01]-[D01]"
            value={rule.picture}
            onChange={(e) => onChange({ ...rule, picture: e.target.value })}
          />
          <input
            className="mapper-param"
            aria-label={`Source date picture for ${label}`}
            placeholder="source: ISO"
            title="How the source writes the date, when it is not ISO 8601"
            value={rule.inputPicture ?? ''}
            onChange={(e) => {
              const { inputPicture: _old, ...rest } = rule;
              onChange(e.target.value ? { ...rest, inputPicture: e.target.value } : rest);
            }}
          />
        </>
      )}
      {rule.kind === 'roundMoney' && (
        <label className="mapper-inline">
          decimals
          <input
            type="number"
            min={0}
            max={6}
            className="mapper-param narrow"
            aria-label={`Decimals for ${label}`}
            value={rule.decimals}
            onChange={(e) =>
              onChange({ ...rule, decimals: Math.max(0, Math.min(6, Math.trunc(Number(e.target.value)) || 0)) })
            }
          />
        </label>
      )}
      {rule.kind === 'concat' &&
        rule.parts.map((p, i) => (
          <span key={i} className="mapper-part">
            <OperandInput
              label={`Part ${i + 1} of ${label}`}
              value={p}
              onChange={(o) => onChange({ ...rule, parts: rule.parts.map((q, j) => (j === i ? o : q)) })}
            />
            {rule.parts.length > 1 && (
              <button
                type="button"
                className="ghost small"
                aria-label={`Remove part ${i + 1} of ${label}`}
                onClick={() => onChange({ ...rule, parts: rule.parts.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            )}
          </span>
        ))}
      {rule.kind === 'concat' && (
        <button
          type="button"
          className="ghost small"
          onClick={() => onChange({ ...rule, parts: [...rule.parts, { literal: ' ' }] })}
          aria-label={`Add a text to ${label}`}
        >
          + text
        </button>
      )}
      {rule.kind === 'default' && (
        <LiteralInput
          label={`Default value for ${label}`}
          value={rule.value}
          type={target.type}
          placeholder="when missing"
          onChange={(value) => onChange({ ...rule, value })}
        />
      )}
      {rule.kind === 'constant' && (
        <LiteralInput
          label={`Value for ${label}`}
          value={rule.value}
          type={target.type}
          onChange={(value) => onChange({ ...rule, value })}
        />
      )}
      {rule.kind === 'condition' && (
        <>
          <code className="mapper-chip">{sourceText(rule.test.source)}</code>
          <select
            aria-label={`Comparison for ${label}`}
            value={rule.test.op}
            onChange={(e) => onChange({ ...rule, test: { ...rule.test, op: e.target.value as Comparison } })}
          >
            {COMPARISONS.map((op) => (
              <option key={op}>{op}</option>
            ))}
          </select>
          <input
            className="mapper-param"
            aria-label={`Compared value for ${label}`}
            value={show(rule.test.value)}
            onChange={(e) => onChange({ ...rule, test: { ...rule.test, value: literalFor(e.target.value, '') } })}
          />
          <span className="mapper-inline">then</span>
          <OperandInput
            label={`Value if true for ${label}`}
            value={rule.whenTrue}
            onChange={(whenTrue) => onChange({ ...rule, whenTrue })}
          />
          <span className="mapper-inline">else</span>
          <OperandInput
            label={`Value if false for ${label}`}
            value={rule.whenFalse}
            onChange={(whenFalse) => onChange({ ...rule, whenFalse })}
          />
        </>
      )}
      {rule.kind === 'lookup' && (
        <>
          <input
            className="mapper-param"
            aria-label={`Lookup table for ${label}`}
            placeholder="table name"
            list="mapper-lookup-tables"
            value={rule.table}
            onChange={(e) => onChange({ ...rule, table: e.target.value })}
          />
          <datalist id="mapper-lookup-tables">
            {lookupTables.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </>
      )}
    </div>
  );
});
