import type { StoreParts } from '../ports.ts';
import type { Sql } from '../sql.ts';
import { SqlRunStore } from './runs.ts';
import { SqlLeaseStore } from './leases.ts';
import { SqlRunQueries } from './run-queries.ts';
import { SqlAuditStore } from './audit.ts';
import { SqlIdentityStore } from './identity.ts';
import { SqlTokenStore } from './tokens.ts';
import { SqlConnectionStore } from './connections.ts';
import { SqlThrottleStore } from './throttle.ts';
import { SqlReplayStore } from './replays.ts';
import { SqlFlowStore } from './flows.ts';
import { SqlRetentionStore } from './retention.ts';
import { SqlDownstreamStore } from './downstreams.ts';
import { SqlAlertStore } from './alerts.ts';
import { SqlRollupStore } from './rollups.ts';
import { SqlLookupStore } from './lookups.ts';
import { SqlFileStore } from './files.ts';
import { SqlApprovalStore } from './approvals.ts';
import { SqlPollCursorStore } from './poll-cursors.ts';
import { SqlVariableStore } from './variables.ts';

/** Every part of the store over one `Sql`: a database (reads) or one transaction (a write's `tx`). */
export function createParts(sql: Sql): StoreParts {
  return {
    runs: new SqlRunStore(sql),
    leases: new SqlLeaseStore(sql),
    runQueries: new SqlRunQueries(sql),
    audit: new SqlAuditStore(sql),
    identity: new SqlIdentityStore(sql),
    tokens: new SqlTokenStore(sql),
    connections: new SqlConnectionStore(sql),
    throttle: new SqlThrottleStore(sql),
    replays: new SqlReplayStore(sql),
    flows: new SqlFlowStore(sql),
    retention: new SqlRetentionStore(sql),
    downstreams: new SqlDownstreamStore(sql),
    alerts: new SqlAlertStore(sql),
    rollups: new SqlRollupStore(sql),
    lookups: new SqlLookupStore(sql),
    files: new SqlFileStore(sql),
    approvals: new SqlApprovalStore(sql),
    pollCursors: new SqlPollCursorStore(sql),
    variables: new SqlVariableStore(sql),
  };
}

/** The parts as properties of a store (both dialects' stores extend this). */
export abstract class PartsStore implements StoreParts {
  readonly runs: StoreParts['runs'];
  readonly leases: StoreParts['leases'];
  readonly runQueries: StoreParts['runQueries'];
  readonly audit: StoreParts['audit'];
  readonly identity: StoreParts['identity'];
  readonly tokens: StoreParts['tokens'];
  readonly connections: StoreParts['connections'];
  readonly throttle: StoreParts['throttle'];
  readonly replays: StoreParts['replays'];
  readonly flows: StoreParts['flows'];
  readonly retention: StoreParts['retention'];
  readonly downstreams: StoreParts['downstreams'];
  readonly alerts: StoreParts['alerts'];
  readonly rollups: StoreParts['rollups'];
  readonly lookups: StoreParts['lookups'];
  readonly files: StoreParts['files'];
  readonly approvals: StoreParts['approvals'];
  readonly pollCursors: StoreParts['pollCursors'];
  readonly variables: StoreParts['variables'];

  constructor(parts: StoreParts) {
    this.runs = parts.runs;
    this.leases = parts.leases;
    this.runQueries = parts.runQueries;
    this.audit = parts.audit;
    this.identity = parts.identity;
    this.tokens = parts.tokens;
    this.connections = parts.connections;
    this.throttle = parts.throttle;
    this.replays = parts.replays;
    this.flows = parts.flows;
    this.retention = parts.retention;
    this.downstreams = parts.downstreams;
    this.alerts = parts.alerts;
    this.rollups = parts.rollups;
    this.lookups = parts.lookups;
    this.files = parts.files;
    this.approvals = parts.approvals;
    this.pollCursors = parts.pollCursors;
    this.variables = parts.variables;
  }
}
