import type { sessions, users } from './schema.ts';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
/** The columns of a user a change may set. */
export type UserChange = Partial<Omit<UserRow, 'id' | 'createdAt'>>;

/** A session with its user, as one read resolves a cookie; the user fields are null when the user is gone. */
export interface SessionUser {
  csrf: string;
  expiresAt: number;
  userId: string | null;
  email: string | null;
  role: UserRow['role'] | null;
  disabledAt: number | null;
}

/** Users and their sign-in sessions (only the hash of a session's cookie is stored). */
export interface IdentityStore {
  countUsers(): Promise<number>;
  /** Admins not disabled. */
  activeAdmins(): Promise<number>;
  /** Oldest first. */
  listUsers(): Promise<UserRow[]>;
  userById(id: string): Promise<UserRow | undefined>;
  /** By email as stored (lower case). */
  userByEmail(email: string): Promise<UserRow | undefined>;
  insertUser(row: UserRow): Promise<void>;
  updateUser(id: string, change: UserChange): Promise<void>;
  insertSession(row: SessionRow): Promise<void>;
  /** The session behind a cookie hash and its user, in one read. */
  sessionUser(tokenHash: string): Promise<SessionUser | undefined>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(userId: string): Promise<void>;
  /** Sessions that expired before `now`. */
  deleteExpiredSessions(now: number): Promise<void>;
}
