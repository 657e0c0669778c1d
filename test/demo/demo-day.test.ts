import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, runsOf, type DemoStack } from './stack.ts';
import { runDemoDay } from '../../flows/demo/demo-day.ts';
import { until } from '../support/poll.ts';
import { viewOf } from '../support/weft.ts';
import { ADMIN_TOKEN, ADMIN_AUTH } from '../support/auth.ts';

let s: DemoStack;
beforeAll(async () => {
  s = await startDemoStack({ realClock: true });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('demo traffic', () => {
  it('runs a day of events through every example flow, with failures an operator can retry', async () => {
    const lines: string[] = [];
    const counts = await runDemoDay({
      weftUrl: s.server.url,
      systemsUrl: s.systems.url,
      weftToken: ADMIN_TOKEN,
      timeEntries: 40,
      log: (l) => lines.push(l),
    });
    expect(counts.running).toBe(0);
    for (const flow of [
      'opportunity-won',
      'contract-executed',
      'time-approved',
      'milestone-accepted',
      'invoice-posted',
    ])
      expect(
        (await runsOf(s.weft, flow)).some((r) => r.status === 'succeeded'),
        `${flow} has a succeeded run`,
      ).toBe(true);
    expect((await runsOf(s.weft, 'time-approved')).length).toBe(40);
    const failed = (await Promise.all(['opportunity-won', 'milestone-accepted'].map((f) => runsOf(s.weft, f))))
      .flat()
      .filter((r) => r.status === 'failed');
    const messages = failed.map((r) => JSON.parse(r.error!).message as string);
    expect(messages).toHaveLength(3);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/answered 422: customer is invalid \(taxRegion: unknown tax region "XX"\)/),
        expect.stringMatching(/answered 500/),
        expect.stringMatching(/milestone M9 is not in the billing schedule/),
      ]),
    );

    // The deal that failed while the ERP was down goes through on retry, creating nothing twice.
    const outage = failed.find((r) => /answered 500/.test(JSON.parse(r.error!).message))!;
    const res = await fetch(`${s.server.url}/api/runs/${outage.id}/retry`, { method: 'POST', headers: ADMIN_AUTH });
    expect(res.status).toBe(202);
    await until(
      async () => (await s.weft.store.runs.run(outage.id))?.status === 'succeeded',
      'the retried run to succeed',
      10_000,
    );
    expect((await s.sys('GET', '/erp/api/customers?externalRef=ACC-1003')).customers).toHaveLength(1);
    const code = ((await viewOf(s.weft, outage.id)).trigger as { body: { opportunity: { Id: string } } }).body
      .opportunity.Id;
    expect((await s.sys('GET', `/erp/api/projects?code=PRJ-${code}`)).projects).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^done: \d+ runs succeeded, \d+ failed, 0 still running$/);

    // A second day works on new records: every flow runs again, nothing collides with the first day.
    const second = await runDemoDay({
      weftUrl: s.server.url,
      systemsUrl: s.systems.url,
      weftToken: ADMIN_TOKEN,
      timeEntries: 10,
    });
    expect(second.running).toBe(0);
    expect(second.failed).toBe(counts.failed - 1 + 3);
    expect((await runsOf(s.weft, 'contract-executed')).filter((r) => r.status === 'succeeded')).toHaveLength(4);
  }, 60_000);
});
