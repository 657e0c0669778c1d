import { findNode } from '../../nodes/registry.ts';
import { validateFlow } from '../flows/validate-flow.ts';
import { readJsonFile } from '../flows/read-json-file.ts';

export async function validateCommand(args: string[]): Promise<number> {
  if (args.length === 0) {
    console.error('usage: weft validate <flow.json>...');
    return 2;
  }
  let failed = false;
  for (const file of args) {
    let raw: unknown;
    try {
      raw = readJsonFile(file);
    } catch (err) {
      console.error((err as Error).message);
      failed = true;
      continue;
    }
    const problems = validateFlow(raw, findNode);
    const errors = problems.filter((p) => p.severity === 'error');
    if (problems.length === 0) console.log(`${file}: ok`);
    for (const p of problems) {
      const where = [
        p.nodeId && `node "${p.nodeId}"`,
        p.edgeId && `edge "${p.edgeId}"`,
        p.path,
        p.position !== undefined && `at ${p.position}`,
      ]
        .filter(Boolean)
        .join(', ');
      console.log(`${file}: ${p.severity}: ${where ? where + ': ' : ''}${p.message}`);
    }
    if (errors.length) failed = true;
  }
  return failed ? 1 : 0;
}
