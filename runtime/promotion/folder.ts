import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { FlowDefinition } from '../../shared/flow.ts';
import { LOOKUP_NAME, lookupEntries } from '../../shared/lookups.ts';
import { parseDefinition } from '../flows/validate-flow.ts';
import { readJsonFile } from '../flows/read-json-file.ts';
import {
  CONNECTIONS_FILE,
  type ConnectionName,
  LOOKUPS_DIR,
  type LookupTableContent,
  RESERVED_FILES,
  VARIABLES_FILE,
  type VariableName,
  writtenByExport,
} from './export-files.ts';

/** A folder as import reads it; `problems` name the file and the place in it. */
export interface FolderContent {
  flows: { file: string; definition: FlowDefinition }[];
  lookups: LookupTableContent[];
  /** null: the folder has no variables.json. */
  variables: VariableName[] | null;
  connections: ConnectionName[] | null;
  problems: string[];
  /** JSON files passed over: not flow definitions (no "nodes" list), as `weft test` passes them over. */
  notes: string[];
}

const variablesFile = z
  .object({ variables: z.array(z.object({ name: z.string().min(1), description: z.string().optional() })) })
  .strict();
const connectionsFile = z
  .object({ connections: z.array(z.object({ id: z.string().min(1), name: z.string(), kind: z.string() }).strict()) })
  .strict();

const jsonFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.json'))
        .map((e) => e.name)
        .sort()
    : [];

const issueText = (i: { path: PropertyKey[]; message: string }) =>
  `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`;

/** Reads a folder written by `weft export` (or by hand in its form). */
export function readFolder(dir: string): FolderContent {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such folder`);
  const out: FolderContent = { flows: [], lookups: [], variables: null, connections: null, problems: [], notes: [] };
  const read = (file: string): unknown => {
    try {
      return readJsonFile(join(dir, file));
    } catch (err) {
      out.problems.push((err as Error).message);
      return undefined;
    }
  };
  for (const name of jsonFiles(dir)) {
    const raw = read(name);
    if (raw === undefined) continue;
    if (name === VARIABLES_FILE || name === CONNECTIONS_FILE) {
      const r = (name === VARIABLES_FILE ? variablesFile : connectionsFile).safeParse(raw);
      if (!r.success) out.problems.push(`${join(dir, name)}: ${issueText(r.error.issues[0]!)}`);
      else if ('variables' in r.data) out.variables = r.data.variables;
      else out.connections = r.data.connections;
      continue;
    }
    if (!Array.isArray((raw as { nodes?: unknown } | null)?.nodes)) {
      out.notes.push(`${join(dir, name)}: passed over, not a flow definition (no "nodes" list)`);
      continue;
    }
    const { definition, problems } = parseDefinition(raw);
    if (!definition) {
      out.problems.push(...problems.map((p) => `${join(dir, name)}: ${p.path}: ${p.message}`));
      continue;
    }
    if (`${definition.id}.json` !== name)
      out.problems.push(`${join(dir, name)}: holds flow "${definition.id}"; name the file ${definition.id}.json`);
    else out.flows.push({ file: join(dir, name), definition });
  }
  for (const f of jsonFiles(join(dir, LOOKUPS_DIR))) {
    const file = join(dir, LOOKUPS_DIR, f);
    const raw = read(join(LOOKUPS_DIR, f));
    if (raw === undefined) continue;
    const name = f.slice(0, -'.json'.length);
    const table = readTable(raw, name);
    if (typeof table === 'string') out.problems.push(`${file}: ${table}`);
    else out.lookups.push(table);
  }
  return out;
}

/**
 * A lookup table file: `{ "name", "entries" }` as export writes it, or just the list of entries; the file's
 * name is the table's. Returns the table or what is wrong with it.
 */
function readTable(raw: unknown, name: string): LookupTableContent | string {
  if (!LOOKUP_NAME.test(name))
    return `"${name}" is not a lookup table name (a letter, then up to 62 letters, digits, "_" or "-")`;
  const obj =
    raw !== null && typeof raw === 'object' && !Array.isArray(raw)
      ? (raw as { name?: unknown; entries?: unknown })
      : null;
  if (obj && obj.name !== undefined && obj.name !== name)
    return `holds lookup table ${JSON.stringify(obj.name)}; name the file ${String(obj.name)}.json`;
  const list = obj ? obj.entries : raw;
  if (!Array.isArray(list))
    return 'a lookup table file holds { "name", "entries": [{ "key", "value" }…] } or the list of entries';
  const r = lookupEntries.safeParse(list);
  if (!r.success) return `entries.${issueText(r.error.issues[0]!)}`;
  return { name, entries: r.data as LookupTableContent['entries'] };
}

export interface FolderWrite {
  written: string[];
  removed: string[];
  /** Files export did not write and leaves alone (a flow or table that is gone, edited by hand). */
  kept: string[];
}

/**
 * Writes `files` into `dir` (only those whose text differs; each through a temporary file, so none is
 * ever half-written), then removes the files an earlier export wrote that are no longer among them.
 */
export function writeFolder(dir: string, files: Map<string, string>): FolderWrite {
  const result: FolderWrite = { written: [], removed: [], kept: [] };
  for (const [path, text] of files) {
    const file = join(dir, path);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.weft-export.tmp`;
    writeFileSync(temp, text);
    renameSync(temp, file);
    result.written.push(path);
  }
  const present = [
    ...jsonFiles(dir).filter((f) => !RESERVED_FILES.includes(f)),
    ...jsonFiles(join(dir, LOOKUPS_DIR)).map((f) => `${LOOKUPS_DIR}/${f}`),
  ];
  for (const path of present) {
    if (files.has(path)) continue;
    const file = join(dir, path);
    if (writtenByExport(path, readFileSync(file, 'utf8'))) {
      unlinkSync(file);
      result.removed.push(path);
    } else result.kept.push(path);
  }
  return result;
}
