import { describe, expect, it } from 'vitest';
import type { FlowDefinition } from '../../shared/flow.ts';
import type { NodeDescriptor } from '../../nodes/define-node.ts';
import type { Engine } from '../engine/engine.ts';
import type { EventSource, SourceContext } from './event-source.ts';
import { TriggerManager } from './trigger-manager.ts';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function definition(cron: string): FlowDefinition {
  return {
    nodes: [{ id: 'tick', type: 'trigger.schedule', typeVersion: 1, config: { cron }, position: { x: 0, y: 0 } }],
    edges: [],
  } as unknown as FlowDefinition;
}

describe('TriggerManager with event sources', () => {
  it('starts a listener per active trigger, keeps unchanged ones, and stops changed and deactivated ones first', async () => {
    const log: string[] = [];
    const source: EventSource = {
      kind: 'schedule',
      start(t) {
        log.push(`start ${t.flowId}@${t.version} ${String(t.config.cron)}`);
        return { stop: async () => void log.push(`stop ${t.flowId}@${t.version}`) };
      },
    };
    const versions: Record<string, FlowDefinition> = { 'a@1': definition('* * * * *'), 'b@1': definition('0 * * * *') };
    versions['a@2'] = definition('*/5 * * * *');
    let active = [
      { flowId: 'a', version: 1 },
      { flowId: 'b', version: 1 },
    ];
    const engine = {
      planFor: async (flowId: string, version: number) => ({ definition: versions[`${flowId}@${version}`] }),
    } as unknown as Engine;
    const kinds = (type: string) =>
      type === 'trigger.schedule' ? ({ trigger: 'schedule' } as NodeDescriptor) : undefined;
    const m = new TriggerManager(engine, kinds, async () => active, quiet, [source], {} as SourceContext);

    await m.refresh();
    expect(log.splice(0)).toEqual(['start a@1 * * * * *', 'start b@1 0 * * * *']);
    await m.refresh();
    expect(log.splice(0)).toEqual([]);

    active = [{ flowId: 'a', version: 2 }];
    await m.refresh();
    expect(log.splice(0)).toEqual(['stop a@1', 'stop b@1', 'start a@2 */5 * * * *']);

    await m.stop();
    expect(log.splice(0)).toEqual(['stop a@2']);
  });

  it('logs a source that fails to start and goes on serving the others', async () => {
    const errors: string[] = [];
    const source: EventSource = {
      kind: 'schedule',
      start(t) {
        if (t.flowId === 'bad') throw new Error('broker unreachable');
        return { stop: async () => {} };
      },
    };
    const engine = { planFor: async () => ({ definition: definition('* * * * *') }) } as unknown as Engine;
    const m = new TriggerManager(
      engine,
      () => ({ trigger: 'schedule' }) as NodeDescriptor,
      async () => [
        { flowId: 'bad', version: 1 },
        { flowId: 'good', version: 1 },
      ],
      {
        ...quiet,
        error: (msg: string, f?: Record<string, unknown>) => void errors.push(`${msg}: ${String(f?.error)}`),
      },
      [source],
      {} as SourceContext,
    );
    await m.refresh();
    await m.stop();
    expect(errors).toEqual(['trigger could not start: broker unreachable']);
  });
});
