import { describe, expect, it } from 'vitest';
import { recordingProblem, statusProblem, stepExpectationProblem } from './json-checks.ts';

describe('checks of the JSON boxes of a test case', () => {
  it('takes an answer or a list of answers as a recording, and says what an answer is otherwise', () => {
    expect(recordingProblem({ output: { id: 'P-1' } })).toBeNull();
    expect(recordingProblem([{ output: 1 }, { error: { code: 'http_503', message: 'down' } }])).toBeNull();
    expect(recordingProblem({ id: 'P-1' })).toMatch(/an answer is \{"output": …\}/);
    expect(recordingProblem([{ output: 1 }, 7])).toMatch(/^answer 2: /);
    expect(recordingProblem({ error: { code: 'x' } })).toMatch(/^at error\.message: /);
  });

  it('refuses unknown fields of a step expectation, naming them', () => {
    expect(stepExpectationProblem({ status: 'succeeded', output: {} })).toBeNull();
    expect(stepExpectationProblem({ outptu: 1 })).toMatch(/outptu/);
    expect(stepExpectationProblem({ status: 'done' })).toMatch(/^at status: /);
  });

  it('takes an empty response status or one from 100 to 599', () => {
    expect(statusProblem('')).toBeNull();
    expect(statusProblem('201')).toBeNull();
    expect(statusProblem('20.5')).toMatch(/whole number from 100 to 599/);
    expect(statusProblem('99')).not.toBeNull();
    expect(statusProblem('abc')).not.toBeNull();
  });
});
