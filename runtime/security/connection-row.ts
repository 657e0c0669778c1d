import type { ConnectionRow } from '../store/connection-store.ts';
import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import type { ConnectionInput } from '../../shared/connection.ts';
import { type AUTH_TYPES, type SECRET_FIELDS, readRateLimit } from '../../shared/connection.ts';
import { isMetadataHost } from '../engine/egress-ranges.ts';

export type { ConnectionRow };
export type Secrets = Partial<Record<(typeof SECRET_FIELDS)[number], string>>;
const PUBLIC_FIELDS = ['username', 'header', 'tokenUrl', 'clientId', 'scope'] as const;

/** The fields each auth type needs (public and secret) and may have. */
const NEEDS: Record<(typeof AUTH_TYPES)[number], { public: string[]; optional: string[]; secret: string[] }> = {
  none: { public: [], optional: [], secret: [] },
  bearer: { public: [], optional: [], secret: ['token'] },
  basic: { public: ['username'], optional: [], secret: ['password'] },
  api_key: { public: [], optional: ['header'], secret: ['key'] },
  oauth2_client_credentials: { public: ['tokenUrl', 'clientId'], optional: ['scope'], secret: ['clientSecret'] },
  ssh_key: { public: ['username'], optional: [], secret: ['privateKey'] },
};

/**
 * The row a connection is stored as: the auth fields its type takes, its secrets (those sent, else the
 * `kept` ones; null removes one) sealed with `seal`. Refuses missing fields, a malformed rate limit and
 * addresses of cloud metadata services with 400.
 */
export function connectionRow(
  id: string,
  input: ConnectionInput,
  kept: Secrets,
  seal: (plain: string) => string,
  at: { createdAt: number; updatedAt: number; by: string | null },
): ConnectionRow {
  const a = input.auth;
  const need = NEEDS[a.type];
  const authConfig: Record<string, string> = {};
  for (const f of PUBLIC_FIELDS)
    if (a[f] !== undefined && [...need.public, ...need.optional].includes(f)) authConfig[f] = a[f]!;
  const secrets: Secrets = {};
  for (const f of need.secret as (typeof SECRET_FIELDS)[number][]) {
    const sent = a[f];
    if (sent === null) continue;
    const value = sent ?? kept[f];
    if (value !== undefined) secrets[f] = value;
  }
  const missing = [
    ...need.public.filter((f) => authConfig[f] === undefined),
    ...need.secret.filter((f) => secrets[f as keyof Secrets] === undefined),
  ];
  if (missing.length)
    throw new WeftError(
      ErrorCodes.badRequest,
      `auth type ${a.type} needs ${missing.map((f) => `auth.${f}`).join(', ')}`,
      { details: { fields: missing.map((f) => `auth.${f}`) } },
    );
  const rate = input.rateLimit ? readRateLimit(input.rateLimit) : null;
  if (rate && 'problem' in rate)
    throw new WeftError(ErrorCodes.badRequest, `rateLimit ${rate.problem}`, { details: { field: 'rateLimit' } });
  for (const [field, url] of [
    ['baseUrl', input.baseUrl],
    ['auth.tokenUrl', a.tokenUrl],
  ] as const)
    if (url && URL.canParse(url) && isMetadataHost(new URL(url).hostname))
      throw new WeftError(
        ErrorCodes.badRequest,
        `${field}: ${new URL(url).hostname} is a cloud metadata address (instance credentials are served there); connections may not point there`,
        { details: { field } },
      );
  return {
    id,
    name: input.name,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    authType: a.type,
    authConfig,
    secret: Object.keys(secrets).length ? seal(JSON.stringify(secrets)) : null,
    rateLimit: input.rateLimit ?? null,
    allowPrivate: input.allowPrivate ?? false,
    createdAt: at.createdAt,
    updatedAt: at.updatedAt,
    updatedBy: at.by,
  };
}

/** A connection id made from its name. */
export function slug(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  return s || 'connection';
}
