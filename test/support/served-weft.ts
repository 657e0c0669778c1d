import { startServer, type RunningServer } from '../../runtime/server.ts';
import { silentLogger } from '../../runtime/logger.ts';
import { ADMIN_TOKEN } from './auth.ts';
import { TEST_EGRESS_ALLOW } from './egress.ts';
import { TEST_PASSWORD_COST } from './weft.ts';

/**
 * A Weft in this process behind a real HTTP server on 127.0.0.1 (a free port), on an in-memory database,
 * silent, without cron jobs or example flows, bootstrapped with ADMIN_TOKEN, loopback open to connectors:
 * for the CLI commands that talk to a running installation over its API.
 */
export function servedWeft(): Promise<RunningServer> {
  return startServer({
    passwordCost: TEST_PASSWORD_COST,
    config: {
      port: 0,
      host: '127.0.0.1',
      dataDir: ':memory:',
      examplesDir: null,
      logLevel: 'silent',
      bootstrapToken: ADMIN_TOKEN,
      egressAllow: TEST_EGRESS_ALLOW,
    },
    logger: silentLogger,
    schedules: false,
  });
}
