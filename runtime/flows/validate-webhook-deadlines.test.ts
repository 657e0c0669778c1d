import { describe, it, expect } from 'vitest';
import { validateFlow } from './validate-flow.ts';
import { findNode } from '../../nodes/registry.ts';
import { flow, n } from '../../test/support/flows.ts';
import { ANSWER_DEADLINES } from '../../shared/webhook-deadlines.ts';
import { PRESET_NAMES } from '../api/webhook-presets/index.ts';

const findings = (extra: Record<string, unknown>) =>
  validateFlow(flow('f', { hook: n.webhook('in', extra), map: n.map('$') }, ['hook>map']), findNode).filter(
    (p) => p.nodeId === 'hook',
  );
const verify = (scheme: string) => ({ scheme, secret: 'conn-1' });

describe("static check of a webhook's answer deadline", () => {
  it('warns when a sender with a short deadline waits for the run, naming the sender, its deadline and the fix', () => {
    for (const [scheme, sender, seconds] of [
      ['slack', 'Slack', 3],
      ['shopify', 'Shopify', 5],
      ['github', 'GitHub', 10],
      ['stripe', 'Stripe', 20],
    ] as const) {
      for (const respond of [{ respond: 'onCompletion' }, {}])
        expect(findings({ ...respond, verify: verify(scheme) }), scheme).toEqual([
          {
            severity: 'warning',
            code: 'invalid_config',
            nodeId: 'hook',
            path: 'config.respond',
            message: expect.stringMatching(
              new RegExp(`^${sender} expects an answer within ${seconds} s.*respond "immediately"`),
            ),
          },
        ]);
    }
  });

  it('is quiet when the trigger answers at once, or its sender waits long enough', () => {
    expect(findings({ respond: 'immediately', verify: verify('slack') })).toEqual([]);
    expect(findings({ respond: 'onCompletion', verify: verify('standard-webhooks') })).toEqual([]);
    expect(findings({ respond: 'onCompletion', verify: verify('docusign-connect') })).toEqual([]);
    expect(findings({ respond: 'onCompletion' })).toEqual([]);
  });

  it('lists deadlines only for presets that exist', () => {
    for (const scheme of Object.keys(ANSWER_DEADLINES)) expect(PRESET_NAMES).toContain(scheme);
  });
});
