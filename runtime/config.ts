import { existsSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRateLimits, type HostRateLimit } from './guard/rate-limit-config.ts';

export interface WeftConfig {
  port: number;
  host: string;
  /** Folder for the SQLite database (and the secret key file); ':memory:' keeps everything in memory. */
  dataDir: string;
  /** postgres://… : the installation's database is PostgreSQL (a cluster of processes may share it); null: SQLite in dataDir. */
  databaseUrl: string | null;
  /** Connections each process keeps to PostgreSQL at most. */
  postgresPoolSize: number;
  /** Write transactions a process keeps open at once on PostgreSQL (WEFT_PG_COMMITS). */
  postgresCommits: number;
  /** Largest accepted request body, bytes (webhooks and API). */
  bodyLimit: number;
  /** Deepest nesting of objects and arrays accepted in a JSON request body (webhooks and API). */
  jsonMaxDepth: number;
  /** Step payloads larger than this are stored once per run instead of inline, and shown truncated. */
  stepPayloadCap: number;
  /** How long a webhook with respond "onCompletion" waits before answering 202 with the run id. */
  webhookWaitMs: number;
  /** SQLite durability: 'full' (default) flushes every commit to disk, so it survives a power cut or an OS crash; 'normal' survives a killed process only. */
  sqliteSync: 'normal' | 'full';
  /** Longest JSONata evaluation, ms (mappings, rules, conditions, previews). */
  expressionTimeoutMs: number;
  /** Items the ranges of one JSONata evaluation may build together; also the longest sequence a variable or a looping expression may hold. */
  expressionMaxItems: number;
  /** Longest string a JSONata expression may build (characters) and largest result it may give (bytes of JSON). */
  expressionMaxResultBytes: number;
  logLevel: string;
  /** Folder of example flows imported, published and activated into an empty database (part of the demo); null: none. */
  examplesDir: string | null;
  /** A step that was executing (started, result not committed) when the process stopped, this many times, is failed as a poison input instead of started again; restarts while it was only due do not count. */
  poisonRestarts: number;
  /** Port of the sample CRM, CLM, PSA, ERP and billing systems started beside the runtime (the demo); null: not started. */
  demoPort: number | null;
  /** Consecutive failures (network errors, timeouts, 5xx) after which a downstream host's circuit opens; 0: no circuits. */
  circuitFailures: number;
  /** How long an open circuit refuses requests before one probe may go, ms. */
  circuitCooldownMs: number;
  /** Requests allowed per interval, per downstream `host:port`. */
  rateLimits: HostRateLimit[];
  /** Longest wait a downstream's Retry-After may ask for (and pause its host), ms; an answer asking for more fails its step (retryable). At most an hour, the longest wait between retries. */
  retryAfterMaxMs: number;
  /** This worker's name among the workers sharing the database; null: host:pid:random. */
  workerId: string | null;
  /** A worker that has not renewed its lease for this long is taken for dead and its runs are taken over. */
  leaseMs: number;
  /** Key for the secrets of connections (base64 or hex, 32 bytes); null: the data folder's secret.key. */
  secretKey: string | null;
  /** What connectors may reach besides public addresses: addresses, CIDR ranges or host names, each optionally with :port. */
  egressAllow: string[];
  /** On an empty database: an admin API token with this value is created (for automation). */
  bootstrapToken: string | null;
  /** Session cookies with the Secure flag: 'auto' when the request came over https. */
  cookieSecure: 'auto' | 'always' | 'never';
  /** How long a designer sign-in lasts. */
  sessionHours: number;
  /** Failed sign-ins per account, and per address, within signInWindowMin after which sign-in answers 429 for a while (doubling). */
  signInMaxFailures: number;
  /** Minutes without a failure after which an account's or address's failed sign-ins are forgotten. */
  signInWindowMin: number;
  /** Behind a reverse proxy: the client address is the last X-Forwarded-For entry instead of the connection's peer. */
  trustProxy: boolean;
  /** On SIGTERM: how long steps in flight may take to finish before they are released to the next start. */
  shutdownGraceMs: number;
  /** Minutes between background prunes of run data by the retention policies; 0: no background prunes. */
  retentionIntervalMin: number;
  /** At start, an existing database without incremental auto-vacuum is converted (one VACUUM) when at most this large; 0: never. */
  vacuumConvertMaxBytes: number;
  /** Metrics are kept and served at GET /metrics (Prometheus text); false: neither. */
  metrics: boolean;
  /** A bearer token that may read GET /metrics without a sign-in (a Prometheus scrape); null: operators and admins only. */
  metricsToken: string | null;
  /** The address people reach this installation's designer at (WEFT_PUBLIC_URL); alert notifications link to runs under it. null: no links. */
  publicUrl: string | null;
  /** Between evaluations of the periodic alert rules (failure rate, circuits, backlog, silence), ms; 0: none. */
  alertIntervalMs: number;
}

/** Where the example flows address the sample systems; rewritten when they run on another port. */
export const DEMO_BASE_URL = 'http://127.0.0.1:4100';

/** The egress allow entry that lets connectors reach the sample systems on `port`, and no other loopback port. */
export const sampleSystemsEgress = (port: number) => `127.0.0.1:${port}`;

/** The folder Weft is installed in (the one with its package.json): above runtime/, or above runtime/dist/ when bundled. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** The example flows shipped with Weft (flows/*.json), loaded by the demo. */
export const EXAMPLE_FLOWS_DIR = join(packageRoot(), 'flows');

/** What the command line asks for besides the environment. */
export interface StartFlags {
  /** `--demo`: example flows, sample systems and a day of traffic, unless WEFT_DEMO=off. */
  demo?: boolean;
}

/**
 * Whether the demo runs: asked for by `--demo` or WEFT_DEMO=on; WEFT_DEMO=off refuses it even when asked.
 * An installation (plain `weft start`) starts clean; `npm start` in a checkout passes `--demo`.
 */
export function demoWanted(env: NodeJS.ProcessEnv, flags: StartFlags = {}): boolean {
  const v = env.WEFT_DEMO?.trim().toLowerCase();
  if (v === 'off') return false;
  if (v === 'on') return true;
  if (v === undefined || v === '') return flags.demo === true;
  throw new Error(`WEFT_DEMO must be on or off, got "${env.WEFT_DEMO}"`);
}

/** The port the sample systems listen on (WEFT_DEMO_PORT); null with WEFT_DEMO=off. */
export function sampleSystemsPort(env: NodeJS.ProcessEnv = process.env): number | null {
  if (env.WEFT_DEMO?.trim().toLowerCase() === 'off') return null;
  return int(env.WEFT_DEMO_PORT, 4100, 'WEFT_DEMO_PORT');
}

const MB = 1024 * 1024;

export function defaultConfig(env: NodeJS.ProcessEnv = process.env, flags: StartFlags = {}): WeftConfig {
  const demo = demoWanted(env, flags);
  return {
    port: int(env.PORT, 8080, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.WEFT_DATA_DIR ?? './data',
    databaseUrl: databaseUrl(env.DATABASE_URL, 'DATABASE_URL'),
    postgresPoolSize: atLeast(int(env.WEFT_PG_POOL_SIZE, 10, 'WEFT_PG_POOL_SIZE'), 2, 'WEFT_PG_POOL_SIZE'),
    postgresCommits: atLeast(int(env.WEFT_PG_COMMITS, 1, 'WEFT_PG_COMMITS'), 1, 'WEFT_PG_COMMITS'),
    bodyLimit: int(env.WEFT_BODY_LIMIT_MB, 32, 'WEFT_BODY_LIMIT_MB') * MB,
    jsonMaxDepth: atLeast(int(env.WEFT_JSON_MAX_DEPTH, 64, 'WEFT_JSON_MAX_DEPTH'), 1, 'WEFT_JSON_MAX_DEPTH'),
    stepPayloadCap: int(env.WEFT_STEP_PAYLOAD_CAP_KB, 1024, 'WEFT_STEP_PAYLOAD_CAP_KB') * 1024,
    webhookWaitMs: int(env.WEFT_WEBHOOK_WAIT_MS, 30_000, 'WEFT_WEBHOOK_WAIT_MS'),
    sqliteSync: oneOf(env.WEFT_SQLITE_SYNC, ['full', 'normal'] as const, 'WEFT_SQLITE_SYNC'),
    expressionTimeoutMs: int(env.WEFT_EXPRESSION_TIMEOUT_MS, 2000, 'WEFT_EXPRESSION_TIMEOUT_MS'),
    expressionMaxItems: atLeast(
      int(env.WEFT_EXPRESSION_MAX_ITEMS, 100_000, 'WEFT_EXPRESSION_MAX_ITEMS'),
      1,
      'WEFT_EXPRESSION_MAX_ITEMS',
    ),
    expressionMaxResultBytes:
      atLeast(
        int(env.WEFT_EXPRESSION_MAX_RESULT_MB, 32, 'WEFT_EXPRESSION_MAX_RESULT_MB'),
        1,
        'WEFT_EXPRESSION_MAX_RESULT_MB',
      ) * MB,
    logLevel: env.WEFT_LOG_LEVEL ?? 'info',
    examplesDir: demo && env.WEFT_EXAMPLES !== 'off' ? env.WEFT_EXAMPLES_DIR || EXAMPLE_FLOWS_DIR : null,
    poisonRestarts: int(env.WEFT_POISON_RESTARTS, 3, 'WEFT_POISON_RESTARTS'),
    demoPort: demo ? sampleSystemsPort(env) : null,
    circuitFailures: int(env.WEFT_CIRCUIT_FAILURES, 5, 'WEFT_CIRCUIT_FAILURES'),
    circuitCooldownMs: int(env.WEFT_CIRCUIT_COOLDOWN_MS, 30_000, 'WEFT_CIRCUIT_COOLDOWN_MS'),
    rateLimits: parseRateLimits(env.WEFT_RATE_LIMITS, 'WEFT_RATE_LIMITS'),
    retryAfterMaxMs:
      atMost(int(env.WEFT_RETRY_AFTER_MAX_S, 300, 'WEFT_RETRY_AFTER_MAX_S'), 3600, 'WEFT_RETRY_AFTER_MAX_S') * 1000,
    workerId: env.WEFT_WORKER_ID || null,
    bootstrapToken: env.WEFT_BOOTSTRAP_TOKEN || null,
    secretKey: env.WEFT_SECRET_KEY || null,
    egressAllow: (env.WEFT_EGRESS_ALLOW ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    cookieSecure:
      env.WEFT_COOKIE_SECURE === 'always' || env.WEFT_COOKIE_SECURE === 'never' ? env.WEFT_COOKIE_SECURE : 'auto',
    sessionHours: atLeast(int(env.WEFT_SESSION_HOURS, 12, 'WEFT_SESSION_HOURS'), 1, 'WEFT_SESSION_HOURS'),
    signInMaxFailures: atLeast(
      int(env.WEFT_SIGNIN_MAX_FAILURES, 5, 'WEFT_SIGNIN_MAX_FAILURES'),
      1,
      'WEFT_SIGNIN_MAX_FAILURES',
    ),
    signInWindowMin: atLeast(
      int(env.WEFT_SIGNIN_WINDOW_MIN, 15, 'WEFT_SIGNIN_WINDOW_MIN'),
      1,
      'WEFT_SIGNIN_WINDOW_MIN',
    ),
    trustProxy: env.WEFT_TRUST_PROXY === 'true' || env.WEFT_TRUST_PROXY === '1',
    leaseMs: atLeast(int(env.WEFT_LEASE_MS, 30_000, 'WEFT_LEASE_MS'), 300, 'WEFT_LEASE_MS'),
    shutdownGraceMs: int(env.WEFT_SHUTDOWN_GRACE_MS, 10_000, 'WEFT_SHUTDOWN_GRACE_MS'),
    retentionIntervalMin: int(env.WEFT_RETENTION_INTERVAL_MIN, 60, 'WEFT_RETENTION_INTERVAL_MIN'),
    vacuumConvertMaxBytes: int(env.WEFT_VACUUM_CONVERT_MAX_MB, 512, 'WEFT_VACUUM_CONVERT_MAX_MB') * MB,
    metrics: oneOf(env.WEFT_METRICS, ['on', 'off'] as const, 'WEFT_METRICS') === 'on',
    metricsToken: scrapeToken(env.WEFT_METRICS_TOKEN, 'WEFT_METRICS_TOKEN'),
    publicUrl: publicUrl(env.WEFT_PUBLIC_URL, 'WEFT_PUBLIC_URL'),
    alertIntervalMs: int(env.WEFT_ALERT_INTERVAL_S, 60, 'WEFT_ALERT_INTERVAL_S') * 1000,
  };
}

/** Shortest scrape token accepted: one that cannot be guessed. */
const MIN_TOKEN_LENGTH = 16;

/** A bearer token for GET /metrics, checked; empty or unset: null. */
function scrapeToken(v: string | undefined, name: string): string | null {
  const token = v?.trim();
  if (!token) return null;
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
    throw new Error(
      `${name} must be at least ${MIN_TOKEN_LENGTH} characters without spaces (e.g. openssl rand -hex 32)`,
    );
  return token;
}

/** An absolute http(s) URL without a query or fragment, checked; empty or unset: null. */
function publicUrl(v: string | undefined, name: string): string | null {
  const url = v?.trim();
  if (!url) return null;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol) || /[?#]/.test(url))
    throw new Error(
      `${name} must be the http:// or https:// address of the designer, e.g. https://weft.example.com, got "${url}"`,
    );
  return url.replace(/\/+$/, '');
}

/** A PostgreSQL connection URL, checked; empty or unset: null. */
export function databaseUrl(v: string | undefined, name: string): string | null {
  const url = v?.trim();
  if (!url) return null;
  if (!/^postgres(ql)?:\/\//.test(url))
    throw new Error(
      `${name} must be a PostgreSQL URL (postgres://user:password@host:5432/database), got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`,
    );
  return url;
}

export function databaseFile(cfg: Pick<WeftConfig, 'dataDir'>): string {
  return cfg.dataDir === ':memory:' ? ':memory:' : join(resolve(cfg.dataDir), 'weft.db');
}

/** The value when it is one of `allowed` (any case), the first of them when unset. */
function oneOf<T extends string>(v: string | undefined, allowed: readonly T[], name: string): T {
  if (v === undefined || v === '') return allowed[0];
  const found = allowed.find((a) => a === v.trim().toLowerCase());
  if (!found) throw new Error(`${name} must be ${allowed.join(' or ')}, got "${v}"`);
  return found;
}

function atMost(n: number, max: number, name: string): number {
  if (n > max) throw new Error(`${name} must be at most ${max}, got ${n}`);
  return n;
}

function atLeast(n: number, min: number, name: string): number {
  if (n < min) throw new Error(`${name} must be at least ${min}, got ${n}`);
  return n;
}

function int(v: string | undefined, dflt: number, name: string): number {
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${v}"`);
  return n;
}
