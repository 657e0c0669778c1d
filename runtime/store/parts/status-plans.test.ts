import { describe, expect, it } from 'vitest';
import { queryPlans as plans } from '../../../test/support/query-plans.ts';
import { SqlAlertStore } from './alerts.ts';
import { SqlLeaseStore } from './leases.ts';
import { SqlRetentionStore } from './retention.ts';
import { SqlRunStore } from './runs.ts';

/** Every plan reads runs through an index, running runs through the unfinished ones. */
function indexed(all: string[], running = true): void {
  expect(all.length).toBeGreaterThan(0);
  for (const p of all) {
    expect(p, 'no read of every run').not.toMatch(/^SCAN runs$/m);
    if (running) expect(p).toMatch(/runs_unfinished_key/);
  }
}

describe('reads by run status on SQLite, with running runs out of the status indexes', () => {
  it('find the runs held by leases through the unfinished runs and the status index', async () => {
    indexed(await plans((sql) => new SqlLeaseStore(sql).orphans(0)));
    indexed(await plans((sql) => new SqlLeaseStore(sql).stale('w1', 0)));
    indexed(await plans((sql) => new SqlLeaseStore(sql).held()));
  });

  it('find runs to recover and unfinished runs past their time without reading every run', async () => {
    indexed(await plans((sql) => new SqlRunStore(sql).runsWithStatus('running')));
    indexed(await plans((sql) => new SqlRunStore(sql).runsWithStatus('compensating')), false);
    indexed(await plans((sql) => new SqlAlertStore(sql).unfinishedRuns(0, 10)));
  });

  it('prune finished runs through the status indexes', async () => {
    const [expired] = await plans((sql) => new SqlRetentionStore(sql).deleteExpired('default', 0, 10));
    expect(expired).toMatch(/SEARCH r USING INDEX runs_status_created \(status=\? AND created_at<\?\)/);
    const [payloads] = await plans((sql) =>
      new SqlRetentionStore(sql).dropPayloads({ flowId: 'f' }, { createdAt: 0, id: '' }, 10),
    );
    expect(payloads).toMatch(/SEARCH r USING INDEX runs_flow_status_created \(flow_id=\? AND status=\?/);
  });
});
