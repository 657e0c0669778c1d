import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createWeft, type Weft } from '../weft.ts';
import { silentLogger } from '../logger.ts';
import { readJsonFile } from '../flows/read-json-file.ts';
import { runTestCases } from '../flows/tests/run-tests.ts';
import { findFlowFiles, type FlowFile } from './test-files.ts';
import { readLookupTables, type LookupTableFile } from './test-lookups.ts';
import type { FlowTestOutcome } from './test-outcome.ts';
import { flowSummary, totalsLine } from './test-summary.ts';
import { junitXml } from './junit.ts';

export const TEST_USAGE =
  'usage: weft test <flow files or folders>... [--junit <file>] [--env <file.json>] [--case <name>]...';

/**
 * Runs the test cases of flow files offline, in one throwaway in-memory runtime: every recorded step is
 * answered from its recording, so nothing outside is called. Prints each case and the totals and, with
 * --junit, writes a JUnit XML report. Exit 0 when every case passed, 1 when one failed, 2 for a usage error.
 */
export async function testCommand(args: string[]): Promise<number> {
  let values: { junit?: string; env?: string; case?: string[] };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { junit: { type: 'string' }, env: { type: 'string' }, case: { type: 'string', multiple: true } },
      allowPositionals: true,
    }));
  } catch (err) {
    console.error(`weft test: ${(err as Error).message}\n${TEST_USAGE}`);
    return 2;
  }
  if (positionals.length === 0) {
    console.error(TEST_USAGE);
    return 2;
  }
  const found = findFlowFiles(positionals);
  const lookups = readLookupTables(found.lookupDirs);
  const env = values.env ? readEnvFile(values.env) : {};
  const problems = [...found.problems, ...lookups.problems, ...(typeof env === 'string' ? [env] : [])];
  const selected = selectCases(found.flows, values.case ?? []);
  if (typeof selected === 'string') problems.push(selected);
  for (const note of found.notes) console.log(`note: ${note}`);
  if (problems.length || typeof env === 'string' || typeof selected === 'string') {
    for (const p of problems) console.error(`weft test: ${p}`);
    return 2;
  }
  if (found.flows.length === 0) {
    console.error(`weft test: no flow files in ${positionals.join(', ')}`);
    return 2;
  }

  const started = performance.now();
  const outcomes = await runAll(selected, lookups.tables, env, values.case);
  for (const o of outcomes) for (const line of flowSummary(o)) console.log(line);
  console.log(totalsLine(outcomes, performance.now() - started));
  if (values.junit) {
    try {
      writeFileAtomically(values.junit, junitXml(outcomes));
    } catch (err) {
      console.error(`weft test: cannot write the JUnit report ${values.junit}: ${(err as Error).message}`);
      return 2;
    }
    console.log(`JUnit report: ${values.junit}`);
  }
  return outcomes.every((o) => o.report && o.report.failed === 0) ? 0 : 1;
}

async function runAll(
  flows: readonly FlowFile[],
  tables: readonly LookupTableFile[],
  env: Record<string, string>,
  names: string[] | undefined,
): Promise<FlowTestOutcome[]> {
  const weft = await createWeft({
    config: { dataDir: ':memory:', examplesDir: null },
    logger: silentLogger,
    schedules: false,
  });
  const outcomes: FlowTestOutcome[] = [];
  try {
    // The lookup tables found next to the flow files; nothing else is set up: recorded steps call no system.
    for (const t of tables) await weft.lookups.create(t.name, t.entries);
    for (const flow of flows) outcomes.push(await testFlow(weft, flow, env, names));
  } finally {
    await weft.close(1000);
  }
  return outcomes;
}

async function testFlow(
  weft: Weft,
  { file, definition }: FlowFile,
  env: Record<string, string>,
  names: string[] | undefined,
): Promise<FlowTestOutcome> {
  const started = performance.now();
  const flowId = definition.id;
  try {
    await weft.flows.create(definition);
    const own = names?.filter((n) => definition.tests?.some((c) => c.name === n));
    const report = await runTestCases(weft, definition, { names: own, env });
    return { file, flowId, report, durationMs: performance.now() - started };
  } catch (err) {
    return { file, flowId, error: (err as Error).message, durationMs: performance.now() - started };
  }
}

/** With --case: only the flows that have a case of that name (each name must be some flow's). */
function selectCases(flows: FlowFile[], names: readonly string[]): FlowFile[] | string {
  if (names.length === 0) return flows;
  const missing = names.filter((n) => !flows.some((f) => f.definition.tests?.some((c) => c.name === n)));
  if (missing.length) return `no test case is named ${missing.map((n) => `"${n}"`).join(', ')}`;
  return flows.filter((f) => f.definition.tests?.some((c) => names.includes(c.name)));
}

/** The --env file: one JSON object of names and string values. */
function readEnvFile(file: string): Record<string, string> | string {
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch (err) {
    return (err as Error).message;
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return `${file}: an environment file holds one JSON object of names and string values`;
  for (const [k, v] of Object.entries(raw))
    if (typeof v !== 'string') return `${file}: "${k}" must be a string, not ${JSON.stringify(v)}`;
  return raw as Record<string, string>;
}

/** Writes next to the file, then renames over it: a reader never sees half a report. */
function writeFileAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content, { flush: true });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
