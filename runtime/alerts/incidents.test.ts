import { describe, expect, it } from 'vitest';
import type { AlertRuleRow, IncidentRow } from '../store/alert-store.ts';
import type { Finding } from './conditions.ts';
import { cleared, holding, reminded, repeatDue, type Change } from './incidents.ts';

const rule = (repeatMinutes: number | null = null): AlertRuleRow => ({
  id: 'rule_1',
  kind: 'circuit_open',
  name: 'ERP down',
  enabled: true,
  channelIds: ['chan_1'],
  repeatMinutes,
  condition: { minutes: 5 },
  createdAt: 0,
  updatedAt: 0,
  updatedBy: null,
});

const finding = (over: Partial<Finding> = {}): Finding => ({
  groupKey: 'host:erp:443',
  flowId: null,
  detail: { summary: 'Circuit open' } as Finding['detail'],
  ...over,
});

const incidentOf = (c: Change | null): IncidentRow => {
  if (!c || c.kind === 'delete') throw new Error(`expected an incident, got ${JSON.stringify(c)}`);
  return c.incident;
};
const ids = () => 'inc_1';

describe('incident decisions', () => {
  it('a new finding opens an incident and notifies once; later ones only count', () => {
    const first = holding(undefined, rule(), finding(), 1000, ids);
    expect(first).toMatchObject({ kind: 'insert', notify: 'opened' });
    expect(incidentOf(first)).toMatchObject({ status: 'open', since: 1000, openedAt: 1000, notifiedAt: 1000 });
    const again = holding(incidentOf(first), rule(), finding(), 2000, ids);
    expect(again).toMatchObject({ kind: 'update', notify: null });
    expect(incidentOf(again)).toMatchObject({ occurrences: 2, lastSeenAt: 2000, notifiedAt: 1000 });
  });

  it('a finding that must hold for a while is pending until then, and pending ones clear silently', () => {
    const hold = finding({ since: 500, holdMs: 10_000 });
    const pending = holding(undefined, rule(), hold, 1000, ids);
    expect(pending).toMatchObject({ kind: 'insert', notify: null });
    expect(incidentOf(pending)).toMatchObject({ status: 'pending', since: 500, openedAt: null });
    expect(holding(incidentOf(pending), rule(), hold, 10_499, ids)).toMatchObject({ notify: null });
    const open = holding(incidentOf(pending), rule(), hold, 10_500, ids);
    expect(open).toMatchObject({ kind: 'update', notify: 'opened' });
    expect(incidentOf(open)).toMatchObject({ status: 'open', openedAt: 10_500 });
    expect(cleared(incidentOf(pending), 2000)).toEqual({ kind: 'delete', id: 'inc_1' });
  });

  it('an open incident reminds when its rule repeats and the last notification is old enough', () => {
    const open = incidentOf(holding(undefined, rule(10), finding(), 0, ids));
    expect(repeatDue(open, rule(10), 599_999)).toBe(false);
    expect(repeatDue(open, rule(null), 10 ** 9)).toBe(false);
    const repeat = holding(open, rule(10), finding(), 600_000, ids);
    expect(repeat).toMatchObject({ notify: 'repeat' });
    expect(incidentOf(repeat).notifiedAt).toBe(600_000);
    expect(incidentOf(reminded(open, 700_000))).toMatchObject({ notifiedAt: 700_000, occurrences: 1 });
  });

  it('clearing an open incident resolves it with a notification', () => {
    const open = incidentOf(holding(undefined, rule(), finding(), 0, ids));
    const done = cleared(open, 5000);
    expect(done).toMatchObject({ kind: 'update', notify: 'resolved' });
    expect(incidentOf(done)).toMatchObject({ status: 'resolved', resolvedAt: 5000 });
  });
});
