import { z } from 'zod';
import { plainName } from './plain-text.ts';

export const AUTH_TYPES = ['none', 'bearer', 'basic', 'api_key', 'oauth2_client_credentials', 'ssh_key'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** Write-only fields: accepted on create and update, never returned. */
export const SECRET_FIELDS = ['token', 'password', 'key', 'clientSecret', 'privateKey'] as const;

/**
 * The systems a connection can reach, by the scheme of its base URL: HTTP APIs, RabbitMQ (AMQP 0-9-1),
 * NATS and SFTP servers. Steps and triggers check that a connection they name has the scheme they speak.
 */
export const CONNECTION_SCHEMES = ['http', 'https', 'amqp', 'amqps', 'nats', 'tls', 'sftp'] as const;
export type ConnectionScheme = (typeof CONNECTION_SCHEMES)[number];

/** The scheme of a connection's base URL ("https", "amqp", …), without the colon. */
export function schemeOf(baseUrl: string): string {
  return URL.canParse(baseUrl) ? new URL(baseUrl).protocol.replace(/:$/, '') : '';
}

/** A connection as the API returns it: no secret, only whether one is set. */
export const connectionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  auth: z.object({
    type: z.enum(AUTH_TYPES),
    username: z.string().optional(),
    header: z.string().optional(),
    tokenUrl: z.string().optional(),
    clientId: z.string().optional(),
    scope: z.string().optional(),
    secretSet: z.boolean().describe('Whether a secret (token, password, key, client secret or private key) is stored'),
  }),
  rateLimit: z.string().nullable(),
  allowPrivate: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  updatedBy: z.string().nullable(),
  usedBy: z.array(z.string()).describe('Flows whose draft uses it'),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

/** Requests per interval through a connection (or, in WEFT_RATE_LIMITS, to a host). */
export interface RateLimitValue {
  limit: number;
  intervalMs: number;
}

const RATE_UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
export const RATE_LIMIT_MAX_REQUESTS = 1_000_000;
export const RATE_LIMIT_MAX_INTERVAL_MS = 86_400_000;

/**
 * Reads `requests/interval` (units ms, s, m, h; `10/s` is `10/1s`): 1 to 1,000,000 requests per
 * interval of 1 ms to 24 h. The one rule for a rate limit, used when it is stored and when it is used.
 * Returns the limit, or why the text is not one.
 */
export function readRateLimit(text: string): RateLimitValue | { problem: string } {
  const m = /^(\d+)\/(\d*)(ms|s|m|h)$/i.exec(text);
  if (!m) return { problem: 'must be requests/interval with a unit of ms, s, m or h, e.g. 100/60s' };
  const limit = Number(m[1]);
  const intervalMs = Number(m[2] === '' ? 1 : m[2]) * RATE_UNIT_MS[m[3].toLowerCase()]!;
  if (limit < 1) return { problem: 'must allow at least one request per interval' };
  if (limit > RATE_LIMIT_MAX_REQUESTS)
    return { problem: `must allow at most ${RATE_LIMIT_MAX_REQUESTS} requests per interval` };
  if (intervalMs < 1) return { problem: 'must have an interval of at least 1 ms' };
  if (intervalMs > RATE_LIMIT_MAX_INTERVAL_MS) return { problem: 'must have an interval of at most 24h' };
  return { limit, intervalMs };
}

const rateLimitText = z
  .string()
  .max(100)
  .superRefine((text, ctx) => {
    const r = readRateLimit(text);
    if ('problem' in r) ctx.addIssue({ code: 'custom', message: `${r.problem} (got "${text}")` });
  });

const httpUrl = z
  .string()
  .max(2000)
  .refine(
    (u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol),
    'must be an absolute http:// or https:// URL',
  );
const connectionUrl = z
  .string()
  .max(2000)
  .refine(
    (u) => (CONNECTION_SCHEMES as readonly string[]).includes(schemeOf(u)),
    `must be an absolute URL with one of the schemes ${CONNECTION_SCHEMES.map((s) => `${s}://`).join(', ')}`,
  );
const secretField = z.string().min(1).max(8000);
/** An SSH private key in OpenSSH or PEM form. */
const privateKeyField = z
  .string()
  .max(16_000)
  .regex(/^-----BEGIN [A-Z0-9 ]+PRIVATE KEY-----[\s\S]+-----END [A-Z0-9 ]+PRIVATE KEY-----\s*$/, {
    message:
      'must be a private key in OpenSSH or PEM form ("-----BEGIN … PRIVATE KEY-----" … "-----END … PRIVATE KEY-----")',
  });
/** Sent as an HTTP header value: visible ASCII, spaces only between other characters. */
const headerSecret = secretField.regex(
  /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/,
  'must be visible ASCII characters (it is sent in an HTTP header), without control characters or spaces at either end',
);

/** What an admin sends: secret fields are write-only (left out on update: kept; null: removed). */
export const connectionInput = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, up to 63')
      .optional(),
    name: plainName(200).min(1),
    baseUrl: connectionUrl,
    auth: z
      .object({
        type: z.enum(AUTH_TYPES),
        username: z
          .string()
          .max(500)
          .regex(
            /^[^:\p{Cc}]*$/u,
            'must not contain ":" or control characters (HTTP Basic authentication joins it to the password with ":")',
          )
          .optional(),
        header: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an HTTP header name')
          .optional(),
        tokenUrl: httpUrl.optional(),
        clientId: z.string().max(500).optional(),
        scope: z.string().max(1000).optional(),
        token: headerSecret.nullable().optional(),
        password: secretField.nullable().optional(),
        key: headerSecret.nullable().optional(),
        clientSecret: secretField.nullable().optional(),
        privateKey: privateKeyField.nullable().optional(),
      })
      .strict(),
    rateLimit: rateLimitText.nullable().optional(),
    allowPrivate: z.boolean().optional(),
  })
  .strict();
export type ConnectionInput = z.infer<typeof connectionInput>;
