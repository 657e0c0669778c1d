import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpStub } from '../../../test/support/http-stub.ts';
import { quoteCase, quoteFlow } from '../../../test/support/test-case-flows.ts';
import { testWeft } from '../../../test/support/weft.ts';
import type { Weft } from '../../weft.ts';

let weft: Weft;
let erp: HttpStub;

beforeAll(async () => {
  erp = await HttpStub.start();
  weft = await testWeft();
});
afterAll(async () => {
  await weft.close(100);
  await erp.close();
  expect(erp.requests).toEqual([]);
});

const failing = quoteCase('wrong total', { expect: { steps: { price: { output: { amount: 1 } } } } });

describe('publishing runs the test cases', () => {
  it('a failing case blocks the publish with tests_failed and the report; nothing is published', async () => {
    const { definition } = await weft.flows.create(quoteFlow('gate-block', erp.url, [quoteCase('pays'), failing]));
    const refused = await weft.flows.publish(definition.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'tests_failed',
      message: expect.stringMatching(/^1 of 2 test cases failed \("wrong total"\); nothing was published/),
      details: { report: { flowId: 'gate-block', passed: 1, failed: 1 } },
    });
    const report = (refused as { details: { report: { cases: { name: string; differences: unknown[] }[] } } }).details
      .report;
    expect(report.cases[1].differences).toEqual([
      { path: 'steps.price.output.amount', expected: 1, actual: 1350 },
      { path: 'steps.price.output.currency', expected: undefined, actual: 'EUR', message: 'not expected' },
    ]);
    expect(await weft.flows.versions(definition.id)).toEqual([]);
  });

  it('with onFailingTests "warn" the version is published and records the failing case', async () => {
    const def = quoteFlow('gate-warn', erp.url, [quoteCase('pays'), failing]);
    const { definition } = await weft.flows.create({ ...def, settings: { onFailingTests: 'warn' } });
    const { version, created } = await weft.flows.publish(definition.id);
    expect(created).toBe(true);
    const tests = { result: 'failed', passed: 1, failed: 1, failing: ['wrong total'] };
    expect(version.tests).toEqual(tests);
    expect((await weft.flows.versions(definition.id))[0].tests).toEqual(tests);
  });

  it('records passing cases, and "none" for a flow without cases', async () => {
    const passing = await weft.flows.create(quoteFlow('gate-pass', erp.url, [quoteCase('pays')]));
    expect((await weft.flows.publish(passing.definition.id)).version.tests).toEqual({
      result: 'passed',
      passed: 1,
      failed: 0,
      failing: [],
    });
    const bare = await weft.flows.create(quoteFlow('gate-none', erp.url));
    expect((await weft.flows.publish(bare.definition.id)).version.tests).toEqual({
      result: 'none',
      passed: 0,
      failed: 0,
      failing: [],
    });
  });
});
