import { Hono, type Context } from 'hono';
import { ErrorCodes, WeftError } from '../../../shared/errors.ts';
import { roleAtLeast } from '../../../shared/identity.ts';
import { authenticate } from '../../security/authorize.ts';
import { clientAddress } from '../../security/client-address.ts';
import type { DeniedRequests } from '../../security/denied-requests.ts';
import type { Identity, SessionPrincipal } from '../../security/identity.ts';
import type { Metrics } from '../../telemetry/metrics.ts';
import { isScrapeToken } from '../../telemetry/scrape-token.ts';
import { errorBody } from '../errors.ts';

export interface PrometheusRouteDeps {
  /** null: metrics are turned off (WEFT_METRICS=off). */
  metrics: Pick<Metrics, 'text' | 'contentType'> | null;
  identity: Identity;
  /** WEFT_METRICS_TOKEN: a bearer token that may read the metrics without a sign-in; null: none. */
  scrapeToken: string | null;
  /** Where refusals are recorded (the audit log, rate-limited), as for the API. */
  denials?: DeniedRequests;
  trustProxy?: boolean;
}

const ROUTE = 'GET /metrics';

/**
 * GET /metrics, served at the root where Prometheus looks: the runtime's metrics in the Prometheus text
 * format. For the scrape token (`Authorization: Bearer <WEFT_METRICS_TOKEN>`) or an operator's or
 * admin's API token or session, as the operator routes of the API; 401 without either, 403 for a lower role.
 */
export function prometheusRoutes(deps: PrometheusRouteDeps): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    await allowScrape(c, deps);
    if (!deps.metrics)
      return c.json(errorBody(ErrorCodes.notFound, 'metrics are turned off in this runtime (WEFT_METRICS=off)'), 404);
    const text = await deps.metrics.text();
    return c.body(text, 200, { 'content-type': deps.metrics.contentType, 'cache-control': 'no-store' });
  });
  return app;
}

/** Returns when the caller may read the metrics; throws the 401 or 403 (recorded as the API records refusals). */
async function allowScrape(c: Context, deps: PrometheusRouteDeps): Promise<void> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer !== undefined && deps.scrapeToken !== null && isScrapeToken(bearer, deps.scrapeToken)) return;
  let principal: SessionPrincipal | null = null;
  try {
    principal = await authenticate(c, deps.identity);
    if (!roleAtLeast(principal.role, 'operator'))
      throw new WeftError(
        'forbidden',
        `reading metrics needs the operator role or the scrape token (WEFT_METRICS_TOKEN); ${principal.kind === 'user' ? 'you are' : 'this token is'} ${principal.role}`,
      );
  } catch (err) {
    const code = (err as WeftError).code;
    if (deps.denials && (code === 'unauthenticated' || code === 'forbidden'))
      await deps.denials.record({
        address: clientAddress(c, deps.trustProxy ?? false),
        route: ROUTE,
        status: code === 'forbidden' ? 403 : 401,
        code,
        reason: (err as Error).message,
        actor: principal && { kind: principal.kind, id: principal.id, name: principal.name },
      });
    throw err;
  }
}
