import { describe, expect, it } from 'vitest';
import { findNode } from '../../nodes/registry.ts';
import { flow, n } from '../../test/support/flows.ts';
import { validateFlow } from './validate-flow.ts';

const def = flow(
  'env-check',
  {
    in: n.manual(),
    map: n.map("{ 'company': $env.ERP_COMPANY, 'text': '$env.NOT_READ' }"),
    post: n.http("= $env.ERP_BASE & '/projects'", { headers: { 'X-Company': '=$env.ERP_COMPANY' } }),
  },
  ['in>map', 'map>post'],
);

describe('the static check of $env', () => {
  it('warns about each variable the installation lacks, at the node and field that read it', () => {
    const problems = validateFlow(def, findNode, { variable: (name) => name === 'ERP_COMPANY' });
    expect(problems).toEqual([
      {
        severity: 'warning',
        code: 'unknown_variable',
        message: '$env.ERP_BASE: this installation has no variable ERP_BASE; an admin adds it under Variables',
        nodeId: 'post',
        path: 'config.url',
        position: 1,
      },
    ]);
  });

  it('says nothing when every variable is there, or when there is no installation to ask (a file check)', () => {
    expect(validateFlow(def, findNode, { variable: () => true })).toEqual([]);
    expect(validateFlow(def, findNode)).toEqual([]);
  });
});
