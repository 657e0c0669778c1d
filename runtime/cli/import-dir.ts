import type { WeftClient } from '../promotion/api-client.ts';
import { applyPlan } from '../promotion/apply.ts';
import { readFolder } from '../promotion/folder.ts';
import { planChanges, planImport } from '../promotion/plan.ts';
import { type PlanOptions, planLines } from '../promotion/plan-text.ts';
import { readTarget } from '../promotion/runtime-state.ts';

/**
 * `weft import --dir <folder>`: compares the folder with the runtime, prints the plan, then (unless
 * --dry-run) applies it. Exit 0: applied or nothing to change; 1: the folder has problems or the runtime
 * refused a step.
 */
export async function importDirCommand(
  client: WeftClient,
  dir: string,
  opts: PlanOptions & { dryRun: boolean },
): Promise<number> {
  const folder = readFolder(dir);
  if (folder.problems.length) {
    for (const p of folder.problems) console.error(p);
    console.error(`${dir}: nothing imported; fix the files above first`);
    return 1;
  }
  for (const note of folder.notes) console.log(note);
  const plan = planImport(folder, await readTarget(client));
  console.log(`Plan for ${client.base} from ${dir}:`);
  for (const line of planLines(plan, opts)) console.log(`  ${line}`);
  if (!planChanges(plan, opts)) {
    console.log('Nothing to change.');
    return 0;
  }
  if (opts.dryRun) {
    console.log('Dry run: nothing changed.');
    return 0;
  }
  console.log('Applying:');
  const ok = await applyPlan(client, plan, opts, (line, refused) =>
    (refused ? console.error : console.log)(`  ${line}`),
  );
  if (!ok) {
    console.error('Some changes were refused (above); the others were applied.');
    return 1;
  }
  console.log('Done.');
  return 0;
}
