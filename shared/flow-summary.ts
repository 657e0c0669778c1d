import type { RunStatus } from './run.ts';

/** A flow in the list (GET /api/flows): its status, last live run and recent failures. */
export interface FlowSummary {
  id: string;
  name: string;
  revision: number;
  updatedAt: number;
  latestVersion: number | null;
  activeVersion: number | null;
  lastRun: { id: string; status: RunStatus; createdAt: number } | null;
  failuresLast24h: number;
}

/** A published version of a flow (GET /api/flows/:id/versions). */
export interface VersionInfo {
  flowId: string;
  version: number;
  hash: string;
  note: string | null;
  /** Who published it (user email or token name); null before users existed. */
  createdBy: string | null;
  createdAt: number;
  active: boolean;
}
