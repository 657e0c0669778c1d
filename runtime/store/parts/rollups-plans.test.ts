import { describe, expect, it } from 'vitest';
import { queryPlans } from '../../../test/support/query-plans.ts';
import { SqlRollupStore } from './rollups.ts';

/** The statements a dashboard read sends, each given SQLite's query plan. */
const plans = (read: (rollups: SqlRollupStore) => Promise<unknown>) =>
  queryPlans((sql) => read(new SqlRollupStore(sql)));

describe('the dashboard’s reads on SQLite', () => {
  it('read a time range of the roll-ups from one index, not a row per entry', async () => {
    for (const p of await plans((r) => r.buckets(0, 86_400_000)))
      expect(p).toMatch(/USING COVERING INDEX run_rollups_minute/);
    for (const p of await plans((r) => r.totals(0, 86_400_000)))
      expect(p).toMatch(/USING COVERING INDEX run_rollups_minute/);
  });

  it('count the failed-runs queue of every flow from its index alone', async () => {
    const [p] = await plans((r) => r.failedQueue());
    expect(p).toMatch(/USING COVERING INDEX runs_failed_group/);
  });
});
