import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { weftCliAsync } from '../support/cli.ts';
import { testCommand } from '../../runtime/cli/test.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'weft-test-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface JunitCase {
  classname: string;
  name: string;
  time: string;
  failure?: { message: string; '#text': string };
}
interface JunitSuite {
  name: string;
  tests: string;
  failures: string;
  testcase: JunitCase[];
}

const readJunit = (file: string): { testsuites: { tests: string; failures: string; testsuite: JunitSuite[] } } =>
  new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  }).parse(readFileSync(file, 'utf8'));

const exampleFlows = readdirSync(join(root, 'flows'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(root, 'flows', f), 'utf8')) as { id: string; tests?: { name: string }[] });

describe('weft test', () => {
  it('runs every example flow’s test cases offline: exit 0 and a JUnit report with each flow and case', async () => {
    const junit = join(tmp, 'reports', 'examples.xml');
    const { code, out, err } = await weftCliAsync(['test', 'flows', '--junit', junit], {}, 180_000);
    expect(code, out + err).toBe(0);
    expect(out).toMatch(/^8 flows, \d+ test cases: \d+ passed in [\d.]+ s$/m);
    expect(out).toContain('note: flows: folders not searched: demo/, systems/');
    const { testsuites } = readJunit(junit);
    expect(testsuites.failures).toBe('0');
    expect(testsuites.testsuite.map((s) => s.name).sort()).toEqual(exampleFlows.map((f) => f.id).sort());
    for (const flow of exampleFlows) {
      const suite = testsuites.testsuite.find((s) => s.name === flow.id)!;
      expect(flow.tests!.length, `${flow.id} has a normal and an edge or failure case`).toBeGreaterThanOrEqual(2);
      expect(suite.testcase.map((c) => [c.classname, c.name])).toEqual(flow.tests!.map((t) => [flow.id, t.name]));
      for (const c of suite.testcase) {
        expect(c.failure, `${flow.id}: ${c.name}`).toBeUndefined();
        expect(c.time).toMatch(/^\d+\.\d{3}$/);
      }
    }
  }, 200_000);

  it('exits 1 when a case fails, printing and reporting the difference; --case runs only the cases named', async () => {
    const junit = join(tmp, 'fixture.xml');
    const failing = await weftCliAsync(['test', 'test/fixtures/flow-tests', '--junit', junit], {}, 60_000);
    expect(failing.code, failing.out + failing.err).toBe(1);
    expect(failing.out).toContain('note: test/fixtures/flow-tests/notes.json: passed over, not a flow definition');
    expect(failing.out).toMatch(/✓ EUR quote \(\d+ ms\)/);
    expect(failing.out).toMatch(
      /✗ USD quote <expects the net amount> \(\d+ ms\)\n\s+steps\.quote\.output\.amount: expected 1000 got 1100/,
    );
    expect(failing.out).toMatch(/^1 flow, 2 test cases: 1 passed, 1 failed in/m);

    const { testsuites } = readJunit(junit);
    expect(testsuites).toMatchObject({ tests: '2', failures: '1' });
    const [eur, usd] = testsuites.testsuite[0].testcase;
    expect(eur).toMatchObject({ classname: 'fixture-quote', name: 'EUR quote' });
    expect(eur.failure).toBeUndefined();
    expect(usd).toMatchObject({ classname: 'fixture-quote', name: 'USD quote <expects the net amount>' });
    expect(usd.failure!.message).toContain('steps.quote.output.amount: expected 1000 got 1100');
    expect(usd.failure!['#text']).toContain('steps.quote.output.amount: expected 1000 got 1100');
    expect(readFileSync(junit, 'utf8')).toContain('name="USD quote &lt;expects the net amount&gt;"');

    const only = await weftCliAsync(['test', 'test/fixtures/flow-tests/quote.json', '--case', 'EUR quote'], {}, 60_000);
    expect(only.code, only.out + only.err).toBe(0);
    expect(only.out).toMatch(/^1 flow, 1 test case: 1 passed in/m);
    expect(only.out).not.toContain('USD quote');
  }, 120_000);

  it('exits 2 on usage errors, naming the file and the problem, before running anything', async () => {
    const spawned = await weftCliAsync(['test'], {}, 60_000);
    expect(spawned.code).toBe(2);
    expect(spawned.err).toMatch(/usage: weft test <flow files or folders>/);

    const badJson = join(tmp, 'bad-json.json');
    writeFileSync(badJson, '{ "id": "x",\n  "nodes": [ }');
    const badFlow = join(tmp, 'bad-flow.json');
    writeFileSync(badFlow, JSON.stringify({ id: 'bad flow', name: 'Bad', schemaVersion: 1, nodes: [], edges: [] }));
    const badEnv = join(tmp, 'env.json');
    writeFileSync(badEnv, JSON.stringify({ REGION: 'EMEA', RETRIES: 3 }));
    const quote = join(root, 'test/fixtures/flow-tests/quote.json');
    const copy = join(tmp, 'copy-of-quote.json');
    writeFileSync(copy, readFileSync(quote));
    const cases: [string[], RegExp][] = [
      [['flows/no-such-flow.json'], /flows\/no-such-flow\.json: no such file or folder/],
      [[badJson], /bad-json\.json(:2:\d+)?: not valid JSON/],
      [[badFlow], /bad-flow\.json: not a valid flow definition: id: use letters, digits/],
      [[quote, '--case', 'GBP quote'], /no test case is named "GBP quote"/],
      [[quote, '--env', badEnv], /env\.json: "RETRIES" must be a string, not 3/],
      [[quote, '--junit'], /weft test: .*--junit/],
      [[quote, copy], /copy-of-quote\.json: flow id "fixture-quote" is also the id of .*quote\.json/],
    ];
    for (const [args, message] of cases) {
      const errors: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((...a) => void errors.push(a.join(' ')));
      vi.spyOn(console, 'log').mockImplementation(() => undefined);
      const code = await testCommand(args);
      vi.restoreAllMocks();
      expect(code, `${args.join(' ')}: ${errors.join('\n')}`).toBe(2);
      expect(errors.join('\n'), args.join(' ')).toMatch(message);
    }
  }, 90_000);
});
