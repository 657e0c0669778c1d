import type { FlowDefinition } from '../../shared/flow.ts';
import type { FlowSummary, VersionInfo } from '../../shared/flow-summary.ts';
import type { ConnectionView } from '../../shared/connection.ts';
import { schemeOf } from '../../shared/connection.ts';
import { type WeftClient, describeAnswer, mapLimited, seg } from './api-client.ts';
import type { ConnectionName, InstallationContent, LookupTableContent, VariableName } from './export-files.ts';

/** What import compares the folder with: a flow's draft, its versions' hashes and which one is active. */
export interface TargetFlow {
  id: string;
  name: string;
  draft: FlowDefinition;
  revision: number;
  /** Newest first. */
  versions: { version: number; hash: string }[];
  activeVersion: number | null;
}

export interface TargetLookup extends LookupTableContent {
  version: number;
}

export interface TargetState {
  flows: TargetFlow[];
  lookups: TargetLookup[];
  /** null: the runtime has no variables API. */
  variables: VariableName[] | null;
  connections: ConnectionName[];
}

/** Requests in flight at once while reading an installation. */
const PARALLEL = 8;

interface Draft {
  definition: FlowDefinition;
  revision: number;
  activeVersion: number | null;
}

/**
 * What export writes of each flow: the version receiving trigger events, else the newest published
 * version, else the draft (a flow never published).
 */
async function exportedDefinition(client: WeftClient, f: FlowSummary): Promise<FlowDefinition> {
  const version = f.activeVersion ?? f.latestVersion;
  if (version === null) return (await client.get<Draft>(`/api/flows/${seg(f.id)}`)).definition;
  return (await client.get<{ definition: FlowDefinition }>(`/api/flows/${seg(f.id)}/versions/${version}`)).definition;
}

async function flowList(client: WeftClient): Promise<FlowSummary[]> {
  return (await client.get<{ flows: FlowSummary[] }>('/api/flows')).flows;
}

async function lookupTables(client: WeftClient): Promise<TargetLookup[]> {
  const { tables } = await client.get<{ tables: { name: string }[] }>('/api/lookup-tables');
  return mapLimited(tables, PARALLEL, (t) => client.get<TargetLookup>(`/api/lookup-tables/${seg(t.name)}`));
}

/** Variable names and descriptions (never values); null when the runtime has no GET /api/variables. */
async function variableNames(client: WeftClient): Promise<VariableName[] | null> {
  const res = await client.call('GET', '/api/variables');
  if (res.status === 404 || res.status === 405) return null;
  if (res.status >= 300) throw new Error(`GET /api/variables: ${describeAnswer(res)}`);
  const body = res.body as { variables?: unknown } | unknown[];
  const list = Array.isArray(body) ? body : (body as { variables?: unknown }).variables;
  if (!Array.isArray(list)) throw new Error('GET /api/variables: the answer has no list of variables');
  return list
    .filter((v): v is { name: string; description?: unknown } => typeof (v as { name?: unknown })?.name === 'string')
    .map((v) => ({ name: v.name, ...(typeof v.description === 'string' ? { description: v.description } : {}) }));
}

/** Connection ids, names and kinds only: the view already leaves secrets out, and the base URL stays here too. */
async function connectionNames(client: WeftClient): Promise<ConnectionName[]> {
  const { connections } = await client.get<{ connections: ConnectionView[] }>('/api/connections');
  return connections.map((c) => ({ id: c.id, name: c.name, kind: schemeOf(c.baseUrl) }));
}

/** Everything export writes, read from a running installation. */
export async function readInstallation(client: WeftClient): Promise<InstallationContent> {
  const flows = await flowList(client);
  const [definitions, lookups, variables, connections] = await Promise.all([
    mapLimited(flows, PARALLEL, (f) => exportedDefinition(client, f)),
    lookupTables(client),
    variableNames(client),
    connectionNames(client),
  ]);
  return {
    flows: definitions,
    lookups: lookups.map((t) => ({ name: t.name, entries: t.entries })),
    variables,
    connections,
  };
}

/** The installation an import goes into: drafts, versions, tables with their versions, variables, connections. */
export async function readTarget(client: WeftClient): Promise<TargetState> {
  const list = await flowList(client);
  const flows = await mapLimited(list, PARALLEL, async (f): Promise<TargetFlow> => {
    const [draft, { versions }] = await Promise.all([
      client.get<Draft>(`/api/flows/${seg(f.id)}`),
      client.get<{ versions: VersionInfo[] }>(`/api/flows/${seg(f.id)}/versions`),
    ]);
    return {
      id: f.id,
      name: f.name,
      draft: draft.definition,
      revision: draft.revision,
      versions: versions.map((v) => ({ version: v.version, hash: v.hash })),
      activeVersion: draft.activeVersion,
    };
  });
  const [lookups, variables, connections] = await Promise.all([
    lookupTables(client),
    variableNames(client),
    connectionNames(client),
  ]);
  return { flows, lookups, variables, connections };
}
