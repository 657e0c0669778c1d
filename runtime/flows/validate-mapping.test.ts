import { describe, expect, it } from 'vitest';
import { validateFlow } from './validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';
import { flow, n } from '../../test/support/flows.ts';

/** webhook → map, the map's config as given. */
function withMap(config: Record<string, unknown>) {
  const def = flow('mapped', { in: n.webhook('time'), map: n.map('{}') }, ['in>map']);
  def.nodes[1].config = config;
  return def;
}

describe('the static check of a mapping against its target schema', () => {
  it('warns of each required field of the target that the mapping leaves unmapped', () => {
    const problems = validateFlow(
      withMap({
        expression:
          "timeEntry.{ 'id': id, 'projectCode': projectCode, 'consultant': consultant, 'role': role, 'date': date, 'hours': hours }",
        targetSchema: { $ref: 'canonical:TimeEntry' },
      }),
      findNode,
    );
    expect(problems).toEqual([
      {
        severity: 'warning',
        code: 'invalid_config',
        message: 'the required field "billable" of canonical:TimeEntry is not mapped',
        nodeId: 'map',
        path: 'config.expression',
      },
      {
        severity: 'warning',
        code: 'invalid_config',
        message: 'the required field "status" of canonical:TimeEntry is not mapped',
        nodeId: 'map',
        path: 'config.expression',
      },
    ]);
  });

  it('is quiet once every required field is mapped, and without a target schema', () => {
    const complete =
      "timeEntry.{ 'id': id, 'projectCode': projectCode, 'consultant': consultant, 'role': role, 'date': date, 'hours': hours, 'billable': billable, 'status': status }";
    expect(
      validateFlow(withMap({ expression: complete, targetSchema: { $ref: 'canonical:TimeEntry' } }), findNode),
    ).toEqual([]);
    expect(validateFlow(withMap({ expression: "{ 'id': id }" }), findNode)).toEqual([]);
  });

  it('names a target schema without fields', () => {
    const problems = validateFlow(
      withMap({ expression: "{ 'id': id }", targetSchema: { $ref: 'canonical:Timesheet' } }),
      findNode,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        path: 'config.targetSchema',
        message: expect.stringContaining('canonical:Timesheet'),
      }),
    ]);
  });
});
