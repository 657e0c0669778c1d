import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { FlowDefinition } from '../../shared/flow.ts';
import { parseDefinition } from '../flows/validate-flow.ts';
import { readJsonFile } from '../flows/read-json-file.ts';

export interface FlowFile {
  file: string;
  definition: FlowDefinition;
}

export interface FoundFlows {
  flows: FlowFile[];
  /** Folders named lookups/ next to the flow files: the lookup tables their flows read. */
  lookupDirs: string[];
  /** What was passed over and why (a JSON file that is no flow, folders not searched). */
  notes: string[];
  /** What stops the run: a path that does not exist, a file that is not JSON or not a valid flow. */
  problems: string[];
}

const MAX_PROBLEMS_PER_FILE = 5;

/**
 * The flow files `weft test` was given: each file as named, and every *.json flow definition directly in each
 * folder. A JSON file in a folder that does not look like a flow (no `nodes` list) is passed over with a note;
 * one that looks like a flow but breaks the format is a problem, as is anything wrong with a file named.
 */
export function findFlowFiles(paths: readonly string[]): FoundFlows {
  const found: FoundFlows = { flows: [], lookupDirs: [], notes: [], problems: [] };
  const seen = new Set<string>();
  const lookupDir = (dir: string) => {
    const d = join(dir, 'lookups');
    if (existsSync(d) && statSync(d).isDirectory() && !found.lookupDirs.includes(d)) found.lookupDirs.push(d);
  };
  const take = (file: string, named: boolean) => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    const flow = readFlowFile(file, named, found);
    if (flow) {
      found.flows.push(flow);
      lookupDir(dirname(file));
    }
  };
  for (const path of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      found.problems.push(`${path}: no such file or folder`);
      continue;
    }
    if (!isDir) {
      take(path, true);
      continue;
    }
    const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const before = found.flows.length;
    for (const e of entries) if (e.isFile() && e.name.endsWith('.json')) take(join(path, e.name), false);
    lookupDir(path);
    const folders = entries.filter((e) => e.isDirectory() && e.name !== 'lookups').map((e) => `${e.name}/`);
    if (folders.length)
      found.notes.push(`${path}: folders not searched: ${folders.join(', ')} (name a folder to test the flows in it)`);
    if (found.flows.length === before) found.notes.push(`${path}: no flow files in this folder`);
  }
  found.problems.push(...duplicateIds(found.flows));
  return found;
}

function readFlowFile(file: string, named: boolean, found: FoundFlows): FlowFile | null {
  let raw: unknown;
  try {
    raw = readJsonFile(file);
  } catch (err) {
    found.problems.push((err as Error).message);
    return null;
  }
  if (!named && !looksLikeFlow(raw)) {
    found.notes.push(`${file}: passed over, not a flow definition (no "nodes" list)`);
    return null;
  }
  const { definition, problems } = parseDefinition(raw);
  if (!definition) {
    const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE).map((p) => `${p.path}: ${p.message}`);
    const more = problems.length - shown.length;
    found.problems.push(
      `${file}: not a valid flow definition: ${shown.join('; ')}${more > 0 ? `; and ${more} more problem(s)` : ''}`,
    );
    return null;
  }
  return { file, definition };
}

const looksLikeFlow = (raw: unknown) =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Array.isArray((raw as { nodes?: unknown }).nodes);

function duplicateIds(flows: readonly FlowFile[]): string[] {
  const first = new Map<string, string>();
  const out: string[] = [];
  for (const f of flows) {
    const other = first.get(f.definition.id);
    if (other)
      out.push(
        `${f.file}: flow id "${f.definition.id}" is also the id of ${other}; flows tested together need distinct ids`,
      );
    else first.set(f.definition.id, f.file);
  }
  return out;
}
