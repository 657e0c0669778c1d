import * as f from './flows.ts';
import * as i from './identity.ts';
import * as r from './runs.ts';
import * as d from './downstreams.ts';

/** The tables as PostgreSQL (drizzle pg-core) has them; the PostgreSQL store's schema and migrations. */
export const flows = f.flows.pg;
export const flowVersions = f.flowVersions.pg;
export const activations = f.activations.pg;
export const connections = f.connections.pg;
export const retentionPolicies = f.retentionPolicies.pg;
export const webhookSignatures = f.webhookSignatures.pg;
export const runs = r.runs.pg;
export const steps = r.steps.pg;
export const runPayloads = r.runPayloads.pg;
export const triggerDedupe = r.triggerDedupe.pg;
export const runActions = r.runActions.pg;
export const stepRecoveries = r.stepRecoveries.pg;
export const workers = r.workers.pg;
export const users = i.users.pg;
export const sessions = i.sessions.pg;
export const apiTokens = i.apiTokens.pg;
export const auditLog = i.auditLog.pg;
export const signInThrottle = i.signInThrottle.pg;
export const rateTurns = d.rateTurns.pg;
export const circuits = d.circuits.pg;
