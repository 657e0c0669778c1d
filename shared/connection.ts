export const AUTH_TYPES = ['none', 'bearer', 'basic', 'api_key', 'oauth2_client_credentials'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

/** Write-only fields: accepted on create and update, never returned. */
export const SECRET_FIELDS = ['token', 'password', 'key', 'clientSecret'] as const;

/** A connection as the API returns it: no secret, only whether one is set. */
export interface ConnectionView {
  id: string;
  name: string;
  baseUrl: string;
  auth: { type: AuthType; username?: string; header?: string; tokenUrl?: string; clientId?: string; scope?: string; secretSet: boolean };
  rateLimit: string | null;
  allowPrivate: boolean;
  createdAt: number;
  updatedAt: number;
  updatedBy: string | null;
  /** Flows whose draft uses it. */
  usedBy: string[];
}
