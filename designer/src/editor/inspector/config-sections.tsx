import { useMemo } from 'react';
import type { NodeTypeInfo, RetryPolicy } from '../../api/types.ts';
import { ConfigForm } from './config-form.tsx';
import { RetryForm } from './retry-form.tsx';
import type { ExpressionContext } from './form-context.ts';
import { countSet, splitFields } from './sections.ts';
import { MappingSection } from '../../mapper/mapping-section.tsx';
import { mapperFields } from '../../mapper/mapper-fields.ts';
import { OPERATION_FIELDS, OperationSection, picksOperation } from '../../operations/operation-section.tsx';

/**
 * A node's settings: the common fields at once, the rarely used ones (request options; error handling,
 * timeouts, idempotency and the retry policy) in sections that stay closed until opened.
 */
export function ConfigSections({
  nodeId,
  info,
  config,
  context,
  onChange,
  onRetry,
}: {
  nodeId: string;
  info: NodeTypeInfo;
  config: Record<string, unknown>;
  context: ExpressionContext;
  onChange: (c: Record<string, unknown>) => void;
  onRetry: (r: Partial<RetryPolicy> | undefined) => void;
}) {
  const mapper = useMemo(() => mapperFields(info.configSchema), [info.configSchema]);
  const operation = picksOperation(info);
  const { main, sections } = useMemo(
    () =>
      splitFields(
        Object.keys(info.configSchema.properties ?? {}).filter(
          (k) =>
            k !== 'retry' &&
            k !== mapper?.field &&
            k !== mapper?.schemaField &&
            !(operation && (OPERATION_FIELDS as readonly string[]).includes(k)),
        ),
      ),
    [info.configSchema, mapper, operation],
  );
  const retry = config.retry as Partial<RetryPolicy> | undefined;
  return (
    <>
      {operation && (
        <OperationSection nodeId={nodeId} info={info} config={config} context={context} onChange={onChange} />
      )}
      {mapper && (
        <MappingSection nodeId={nodeId} info={info} config={config} context={context} onChange={onChange} {...mapper} />
      )}
      <ConfigForm nodeId={nodeId} info={info} config={config} context={context} onChange={onChange} only={main} />
      {sections.map((s) => {
        const withRetry = s.id === 'reliability' && !info.trigger;
        if (s.present.length === 0 && !withRetry) return null;
        const set = countSet(config, s.present) + (withRetry && retry ? 1 : 0);
        return (
          <details key={s.id} className="insp-section">
            <summary>
              {s.title}
              {set > 0 && <span className="tab-badge">{set} set</span>}
            </summary>
            <ConfigForm
              nodeId={nodeId}
              info={info}
              config={config}
              context={context}
              onChange={onChange}
              only={s.present}
              idSuffix={`-${s.id}`}
            />
            {withRetry && (
              <>
                <h4>Retry policy</h4>
                <RetryForm nodeId={nodeId} defaults={info.retry} value={retry} onChange={onRetry} />
              </>
            )}
          </details>
        );
      })}
    </>
  );
}
