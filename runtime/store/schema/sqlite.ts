import * as f from './flows.ts';
import * as i from './identity.ts';
import * as r from './runs.ts';
import * as d from './downstreams.ts';

/** The tables as SQLite (drizzle sqlite-core) has them; the embedded store's schema and migrations. */
export const flows = f.flows.sqlite;
export const flowVersions = f.flowVersions.sqlite;
export const activations = f.activations.sqlite;
export const connections = f.connections.sqlite;
export const retentionPolicies = f.retentionPolicies.sqlite;
export const webhookSignatures = f.webhookSignatures.sqlite;
export const runs = r.runs.sqlite;
export const steps = r.steps.sqlite;
export const runPayloads = r.runPayloads.sqlite;
export const triggerDedupe = r.triggerDedupe.sqlite;
export const runActions = r.runActions.sqlite;
export const stepRecoveries = r.stepRecoveries.sqlite;
export const workers = r.workers.sqlite;
export const users = i.users.sqlite;
export const sessions = i.sessions.sqlite;
export const apiTokens = i.apiTokens.sqlite;
export const auditLog = i.auditLog.sqlite;
export const signInThrottle = i.signInThrottle.sqlite;
export const rateTurns = d.rateTurns.sqlite;
export const circuits = d.circuits.sqlite;
