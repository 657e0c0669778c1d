import { type WeftClient, describeAnswer, seg } from './api-client.ts';
import type { FlowStep, ImportPlan, LookupStep } from './plan.ts';
import type { PlanOptions } from './plan-text.ts';

/*
 * Carries out an import plan over the API: lookup tables first (flows read them), then each flow's
 * draft, then publishing and activating, then — with --prune only — removals. Each step is one request
 * the runtime takes whole or refuses; a refused step is reported with the server's message and the
 * others go on. Returns whether every step succeeded.
 */

/** Reports one line; `refused` marks a step the runtime refused. */
type Say = (line: string, refused?: boolean) => void;

async function must(client: WeftClient, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await client.call(method, path, body);
  if (res.status >= 300) throw new Error(describeAnswer(res));
  return res.body;
}

async function applyLookup(client: WeftClient, t: LookupStep): Promise<string> {
  const entries = t.entries;
  if (t.change === 'add') {
    await must(client, 'POST', '/api/lookup-tables', { name: t.name, entries });
    return 'created';
  }
  const saved = (await must(client, 'PUT', `/api/lookup-tables/${seg(t.name)}`, { entries, version: t.version })) as {
    version: number;
  };
  return `replaced (version ${saved.version})`;
}

async function applyDraft(client: WeftClient, f: FlowStep): Promise<string | null> {
  if (f.draft === 'same') return null;
  if (f.draft === 'add') {
    await must(client, 'POST', '/api/flows', f.definition);
    return 'created';
  }
  const saved = (await must(client, 'PUT', `/api/flows/${seg(f.id)}`, {
    definition: f.definition,
    revision: f.revision,
  })) as { revision: number };
  return `draft saved (revision ${saved.revision})`;
}

async function release(client: WeftClient, f: FlowStep, opts: PlanOptions): Promise<string[]> {
  if (!((opts.publish || opts.activate) && f.publish) && !(opts.activate && f.activate)) return [];
  const pub = await client.call('POST', `/api/flows/${seg(f.id)}/publish`, { note: `imported from ${f.file}` });
  if (pub.status >= 300) throw new Error(`publish refused: ${describeAnswer(pub)}`);
  const version = (pub.body as { version: number }).version;
  const notes = [pub.status === 201 ? `published v${version}` : `v${version} holds it`];
  if (opts.activate && f.activate) {
    const act = await client.call('POST', `/api/flows/${seg(f.id)}/activate`, { version });
    if (act.status >= 300) throw new Error(`activation of v${version} refused: ${describeAnswer(act)}`);
    notes.push(`v${version} active`);
  }
  return notes;
}

async function prune(client: WeftClient, plan: ImportPlan, say: Say): Promise<boolean> {
  let ok = true;
  for (const f of plan.removedFlows) {
    try {
      if (f.active) await must(client, 'POST', `/api/flows/${seg(f.id)}/deactivate`);
      await must(client, 'DELETE', `/api/flows/${seg(f.id)}`);
      say(`flow ${f.id}: deleted`);
    } catch (err) {
      say(`flow ${f.id}: ${(err as Error).message}`, true);
      ok = false;
    }
  }
  for (const name of plan.removedLookups) {
    try {
      await must(client, 'DELETE', `/api/lookup-tables/${seg(name)}`);
      say(`lookup table ${name}: deleted`);
    } catch (err) {
      say(`lookup table ${name}: ${(err as Error).message}`, true);
      ok = false;
    }
  }
  return ok;
}

export async function applyPlan(client: WeftClient, plan: ImportPlan, opts: PlanOptions, say: Say): Promise<boolean> {
  let ok = true;
  for (const t of plan.lookups.filter((l) => l.change !== 'same')) {
    try {
      say(`lookup table ${t.name}: ${await applyLookup(client, t)}`);
    } catch (err) {
      say(`lookup table ${t.name}: ${(err as Error).message}`, true);
      ok = false;
    }
  }
  for (const f of plan.flows) {
    const notes: string[] = [];
    try {
      const drafted = await applyDraft(client, f);
      if (drafted) notes.push(drafted);
      notes.push(...(await release(client, f, opts)));
      if (notes.length) say(`flow ${f.id}: ${notes.join(', ')}`);
    } catch (err) {
      say(`flow ${f.id}: ${[...notes, (err as Error).message].join(', ')}`, true);
      ok = false;
    }
  }
  if (opts.prune && !(await prune(client, plan, say))) ok = false;
  return ok;
}
