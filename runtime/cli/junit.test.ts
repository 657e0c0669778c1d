import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junitXml } from './junit.ts';
import type { FlowTestOutcome } from './test-outcome.ts';

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  }).parse(xml);

const tricky =
  'Ampersand & <tag> "quoted" \'single\' bell\u0007 escape\u001b nul\u0000 lone\uD800 pair😀 tab\tline\nend';

const outcomes: FlowTestOutcome[] = [
  {
    file: 'flows/opportunity-won.json',
    flowId: 'opportunity-won',
    durationMs: 1234,
    report: {
      flowId: 'opportunity-won',
      passed: 1,
      failed: 2,
      cases: [
        { name: 'Won deal', passed: true, differences: [], durationMs: 40.4 },
        {
          name: `Total <${tricky}>`,
          passed: false,
          differences: [
            { path: 'response.status', expected: 422, actual: 202 },
            { path: 'steps.erp_project.output.budgetMinor', expected: 12_000_000, actual: tricky },
          ],
          durationMs: 12,
        },
        {
          name: 'Missing recording',
          passed: false,
          error: 'step "find_customer" reaches outside and has no recording',
          differences: [],
          durationMs: 3,
        },
      ],
    },
  },
  { file: 'flows/broken.json', flowId: 'broken', durationMs: 5, error: `the runtime refused it: ${tricky}` },
];

describe('junitXml', () => {
  const xml = junitXml(outcomes);

  it('is well-formed XML 1.0 without characters XML cannot hold', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    const cannotHold = [...xml].filter((ch) => {
      const c = ch.codePointAt(0)!;
      return (c < 0x20 && c !== 9 && c !== 10 && c !== 13) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe;
    });
    expect(cannotHold).toEqual([]);
    expect(xml).toContain('bell\\u0007 escape\\u001B nul\\u0000 lone\\uD800 pair😀');
  });

  it('has one suite per flow and one case per test case, with counts and times in seconds', () => {
    const { testsuites } = parse(xml);
    expect(testsuites).toMatchObject({ tests: '4', failures: '2', errors: '1', time: '1.239' });
    const [won, broken] = testsuites.testsuite;
    expect(won).toMatchObject({
      name: 'opportunity-won',
      file: 'flows/opportunity-won.json',
      tests: '3',
      failures: '2',
      errors: '0',
      time: '1.234',
    });
    expect(won.testcase.map((c: { classname: string; name: string; time: string }) => [c.classname, c.time])).toEqual([
      ['opportunity-won', '0.040'],
      ['opportunity-won', '0.012'],
      ['opportunity-won', '0.003'],
    ]);
    expect(won.testcase[0].failure).toBeUndefined();
    expect(broken).toMatchObject({ name: 'broken', tests: '1', errors: '1', failures: '0' });
    expect(broken.testcase[0].error.message).toContain('the runtime refused it: Ampersand & <tag> "quoted"');
  });

  it('puts the differences into the failure, escaped, and a case that erred under its error', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true }).parse(xml);
    const [failing, erring] = doc.testsuites.testsuite[0].testcase.slice(1);
    expect(failing.name).toContain('Total <Ampersand & <tag> "quoted" \'single\' bell\\u0007');
    expect(failing.failure.message).toBe('2 differences; first: response.status: expected 422 got 202');
    expect(failing.failure.type).toBe('mismatch');
    expect(failing.failure['#text']).toContain('response.status: expected 422 got 202\n');
    expect(failing.failure['#text']).toContain(
      'steps.erp_project.output.budgetMinor: expected 12000000 got "Ampersand & <tag> \\"quoted\\"',
    );
    expect(erring.failure).toMatchObject({
      message: 'step "find_customer" reaches outside and has no recording',
      type: 'error',
    });
  });

  it('keeps tabs and line breaks in attributes as character references', () => {
    expect(xml).toContain('tab&#9;line&#10;end');
  });
});
