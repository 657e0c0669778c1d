import type { FlowDefinitionInput } from '../../shared/flow.ts';
import type { TestCaseInput } from '../../shared/flow-tests.ts';
import { flow, n } from './flows.ts';

/**
 * A quote flow for test cases: the rate comes from an ERP call (`rate`, recorded in a case), is multiplied
 * by the hours of the input (`price`), waits an hour (`hold`, which a case does not wait out) and is the
 * answer to the caller (`reply`). `url` is where the ERP call would go: a case must never reach it.
 */
export function quoteFlow(id: string, url: string, tests: TestCaseInput[] = []): FlowDefinitionInput {
  return {
    ...flow(
      id,
      {
        in: n.manual(),
        rate: n.http(`${url}/rates`, { retry: { maxAttempts: 3, initialDelayMs: 60_000, maxDelayMs: 60_000 } }),
        price: n.map("{ 'amount': amount * $trigger.body.hours, 'currency': 'EUR' }"),
        hold: { type: 'control.delay', config: { forMs: 3_600_000 } },
        reply: n.respond({ status: 201 }),
      },
      ['in>rate', 'rate>price', 'price>hold', 'hold>reply'],
    ),
    tests,
  };
}

/** A case of quoteFlow: 10 hours at the recorded rate of 135 make 1,350 EUR. */
export function quoteCase(name: string, over: Partial<TestCaseInput> = {}): TestCaseInput {
  return {
    name,
    input: { hours: 10 },
    recordings: { rate: { output: { amount: 135 } } },
    expect: {
      response: { status: 201, body: { amount: 1350, currency: 'EUR' } },
      steps: { price: { output: { amount: 1350, currency: 'EUR' } } },
    },
    ...over,
  };
}
