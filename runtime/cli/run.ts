import { parseArgs } from 'node:util';
import { createWeft } from '../weft.ts';
import { defaultConfig, sampleSystemsEgress, sampleSystemsPort } from '../config.ts';
import { silentLogger } from '../logger.ts';
import { testRun } from '../flows/test-run.ts';
import { readJsonFile } from '../flows/read-json-file.ts';

/** Runs a flow file once in a throwaway in-memory store and prints every step. */
export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      input: { type: 'string' },
      sample: { type: 'string' },
      trigger: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  if (positionals.length !== 1 || (values.input && values.sample !== undefined)) {
    console.error(
      'usage: weft run <flow.json> [--input <file.json> | --sample <name or number>] [--trigger <nodeId>] [--json]',
    );
    return 2;
  }
  const raw = readJsonFile(positionals[0]);
  let input: unknown = null;
  if (values.input) input = readJsonFile(values.input);
  else if (values.sample !== undefined) {
    const samples = (raw as { samples?: { name: string; payload: unknown }[] }).samples ?? [];
    const i = /^\d+$/.test(values.sample)
      ? Number(values.sample) - 1
      : samples.findIndex((x) => x.name === values.sample);
    if (!samples[i]) {
      console.error(
        `${positionals[0]} has no sample "${values.sample}"; its samples: ${samples.map((x, j) => `${j + 1}. ${x.name}`).join(', ') || 'none'}`,
      );
      return 2;
    }
    input = samples[i].payload;
  }
  // As `weft start --demo` does, the sample systems' port is open to connectors (unless WEFT_DEMO=off), so the
  // example flows' samples can reach them when they run (npm start, npm run demo:systems).
  const cfg = defaultConfig();
  const demoPort = sampleSystemsPort();
  const egressAllow = demoPort === null ? cfg.egressAllow : [...cfg.egressAllow, sampleSystemsEgress(demoPort)];
  const weft = await createWeft({
    config: { dataDir: ':memory:', examplesDir: null, egressAllow },
    logger: silentLogger,
    schedules: false,
  });
  try {
    const { definition } = await weft.flows.create(raw);
    const run = await testRun(weft, definition, { input, triggerNodeId: values.trigger });
    if (values.json) console.log(JSON.stringify(run, null, 2));
    else {
      for (const s of run.steps ?? []) {
        const ms = s.finishedAt && s.startedAt ? ` ${s.finishedAt - s.startedAt} ms` : '';
        console.log(
          `${mark(s.status)} ${s.nodeId} [${s.status}${s.port && s.port !== 'out' ? ` → ${s.port}` : ''}, ${s.attempts} attempt(s)${ms}]`,
        );
        if (s.error) console.log(`    error: ${s.error.code}: ${s.error.message}`);
        else console.log(`    output: ${JSON.stringify(s.output)}`);
      }
      console.log(`run ${run.status}${run.response ? ` (response ${run.response.status})` : ''}`);
    }
    return run.status === 'succeeded' ? 0 : 1;
  } finally {
    await weft.close(1000);
  }
}

const mark = (status: string) => (status === 'succeeded' ? '✓' : status === 'failed' ? '✗' : '…');
