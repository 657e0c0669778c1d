import { describe, expect, it } from 'vitest';
import type { VersionInfo } from '../api/types.ts';
import { activationBlock, mayDecide } from './approval.tsx';

const version = (approval: VersionInfo['approval']): VersionInfo => ({
  flowId: 'orders',
  version: 2,
  hash: 'h',
  note: null,
  createdBy: 'ann@firm.test',
  createdAt: 0,
  active: false,
  approval,
});
const none = { by: null, at: null, reason: null, publishedBy: 'ann@firm.test' };

describe('four-eyes in the versions table', () => {
  it('blocks activation while approval is pending or refused, saying who must act', () => {
    expect(activationBlock(version(undefined))).toBeNull();
    expect(activationBlock(version({ state: 'not_required', ...none }))).toBeNull();
    expect(activationBlock(version({ state: 'pending', ...none }))).toBe(
      'Needs approval: published by ann@firm.test; a different user must approve it before it can be activated.',
    );
    expect(
      activationBlock(version({ state: 'refused', ...none, by: 'bob@firm.test', at: 1, reason: 'drops VAT' })),
    ).toBe(
      'Refused by bob@firm.test: "drops VAT". A user other than ann@firm.test must approve it before it can be activated.',
    );
    expect(activationBlock(version({ state: 'approved', ...none, by: 'bob@firm.test', at: 1 }))).toBeNull();
  });

  it('offers approve and refuse to operators other than the publisher', () => {
    const pending = version({ state: 'pending', ...none });
    expect(mayDecide(pending, 'bob@firm.test', true)).toBe(true);
    expect(mayDecide(pending, 'ann@firm.test', true)).toBe(false);
    expect(mayDecide(pending, 'bob@firm.test', false)).toBe(false);
    expect(mayDecide(version({ state: 'not_required', ...none }), 'bob@firm.test', true)).toBe(false);
  });
});
