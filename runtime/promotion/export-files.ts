import { flowDefinitionSchema, type FlowDefinition } from '../../shared/flow.ts';
import { lookupTableInput } from '../../shared/lookups.ts';
import { dataFileText, flowFileText } from './canonical-file.ts';

/*
 * The files of an exported installation, as relative paths and their text (pure: the I/O is in
 * runtime-state.ts and folder.ts). Nothing in them changes unless someone changes the installation.
 */

export interface LookupTableContent {
  name: string;
  entries: { key: string; value: unknown }[];
}

/** A variable as the folder names it: never its value. */
export interface VariableName {
  name: string;
  description?: string;
}

/** A connection as the folder names it: never its base URL, credentials or settings. */
export interface ConnectionName {
  id: string;
  name: string;
  /** The scheme of its base URL ("https", "amqp", "sftp"…): the kind of system it reaches. */
  kind: string;
}

export interface InstallationContent {
  flows: FlowDefinition[];
  lookups: LookupTableContent[];
  /** null: the runtime has no variables to list (no GET /api/variables). */
  variables: VariableName[] | null;
  connections: ConnectionName[];
}

export const VARIABLES_FILE = 'variables.json';
export const CONNECTIONS_FILE = 'connections.json';
export const LOOKUPS_DIR = 'lookups';
/** Files of the folder that are not flows. */
export const RESERVED_FILES = [VARIABLES_FILE, CONNECTIONS_FILE];

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const flowPath = (id: string) => `${id}.json`;
export const lookupPath = (name: string) => `${LOOKUPS_DIR}/${name}.json`;

/** A flow whose file would take the place of variables.json or connections.json. */
export function reservedFlowIds(flows: { id: string }[]): string[] {
  return flows.filter((f) => RESERVED_FILES.includes(flowPath(f.id))).map((f) => f.id);
}

/** Relative path → text of every file the installation exports to. */
export function exportFiles(content: InstallationContent): Map<string, string> {
  const files = new Map<string, string>();
  for (const def of [...content.flows].sort((a, b) => byCodeUnit(a.id, b.id)))
    files.set(flowPath(def.id), flowFileText(def));
  for (const t of content.lookups) files.set(lookupPath(t.name), lookupFileText(t));
  if (content.variables)
    files.set(
      VARIABLES_FILE,
      dataFileText({
        variables: [...content.variables]
          .sort((a, b) => byCodeUnit(a.name, b.name))
          .map((v) => ({ name: v.name, ...(v.description ? { description: v.description } : {}) })),
      }),
    );
  files.set(
    CONNECTIONS_FILE,
    dataFileText({
      connections: [...content.connections]
        .sort((a, b) => byCodeUnit(a.id, b.id))
        .map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
    }),
  );
  return files;
}

export function lookupFileText(t: LookupTableContent): string {
  const entries = [...t.entries].sort((a, b) => byCodeUnit(a.key, b.key)).map((e) => ({ key: e.key, value: e.value }));
  return dataFileText({ name: t.name, entries });
}

/**
 * Whether `text` at `path` is a file export writes (so a later export may remove it when its flow or
 * table is gone): a flow or lookup table named for its file, in exactly the text export gives it.
 * Anything else in the folder — notes, hand-formatted files — is never touched.
 */
export function writtenByExport(path: string, text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const table = /^lookups\/([^/]+)\.json$/.exec(path);
  if (table) {
    const t = lookupTableInput.safeParse(value);
    return t.success && t.data.name === table[1] && lookupFileText(t.data as LookupTableContent) === text;
  }
  const flow = /^([^/]+)\.json$/.exec(path);
  if (!flow || RESERVED_FILES.includes(path)) return false;
  const f = flowDefinitionSchema.safeParse(value);
  return f.success && f.data.id === flow[1] && flowFileText(f.data) === text;
}
