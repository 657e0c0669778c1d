import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Principal } from '../../shared/identity.ts';

/** Who made a change: a user or an API token, by id and by the name it had then. */
export type Actor = Pick<Principal, 'kind' | 'id' | 'name'>;

export interface AuditInput {
  /** Who did it; null for the system (start-up, retention, example flows) or an unknown caller (a failed sign-in). */
  actor: Actor | null;
  /** What happened, e.g. flow.published, run.retried, auth.login_failed. */
  action: string;
  /** What it happened to: a flow id, run id, user id, connection id… */
  target?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: number;
  actorKind: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  target?: string;
  from?: number;
  to?: number;
  /** Entries older than this seq (paging, newest first). */
  before?: number;
  limit?: number;
}

export type VerifyResult =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; seq: number; problem: string };

const GENESIS = '0'.repeat(64);
const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

interface Row {
  seq: number;
  at: number;
  actorKind: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  detail: string | null;
  prevHash: string;
  hash: string;
}

/** The hash of an entry: its fields as stored, in a fixed order, after the previous entry's hash. */
function hashOf(r: Omit<Row, 'hash'>): string {
  const content = JSON.stringify([
    r.seq,
    r.at,
    r.actorKind,
    r.actorId,
    r.actorName,
    r.action,
    r.target,
    r.before,
    r.after,
    r.detail,
  ]);
  return createHash('sha256').update(r.prevHash).update('\n').update(content).digest('hex');
}

const COLUMNS = `seq, at, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, target, before, after, detail, prev_hash AS prevHash, hash`;

/**
 * The append-only, hash-chained audit log. Writes take SQLite's write lock, so concurrent workers keep one
 * chain. Called inside a transaction, record() joins it: the services write an entry in the transaction of
 * the change it describes, so both are committed or neither is.
 */
export class AuditLog {
  private readonly append: (e: AuditInput, at: number) => AuditEntry;
  private readonly sqlite: Database.Database;

  constructor(
    sqlite: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.sqlite = sqlite;
    const last = sqlite.prepare(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
    const insert = sqlite.prepare(
      `INSERT INTO audit_log (seq, at, actor_kind, actor_id, actor_name, action, target, before, after, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tx = sqlite.transaction((e: AuditInput, at: number): AuditEntry => {
      const prev = last.get() as { seq: number; hash: string } | undefined;
      const row = {
        seq: (prev?.seq ?? 0) + 1,
        at,
        actorKind: e.actor?.kind ?? null,
        actorId: e.actor?.id ?? null,
        actorName: e.actor?.name ?? null,
        action: e.action,
        target: e.target ?? null,
        before: json(e.before),
        after: json(e.after),
        detail: json(e.detail),
        prevHash: prev?.hash ?? GENESIS,
      };
      const hash = hashOf(row);
      insert.run(
        row.seq,
        row.at,
        row.actorKind,
        row.actorId,
        row.actorName,
        row.action,
        row.target,
        row.before,
        row.after,
        row.detail,
        row.prevHash,
        hash,
      );
      return parse({ ...row, hash });
    });
    this.append = (e, at) => tx.immediate(e, at);
  }

  record(e: AuditInput): AuditEntry {
    return this.append(e, this.now());
  }

  list(f: AuditFilter = {}): AuditEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.action) where.push(`action LIKE ? ESCAPE '\\'`), args.push(`${f.action.replace(/[%_\\]/g, '\\$&')}%`);
    if (f.actor) where.push('(actor_name = ? OR actor_id = ?)'), args.push(f.actor, f.actor);
    if (f.target) where.push('target = ?'), args.push(f.target);
    if (f.from !== undefined) where.push('at >= ?'), args.push(f.from);
    if (f.to !== undefined) where.push('at < ?'), args.push(f.to);
    if (f.before !== undefined) where.push('seq < ?'), args.push(f.before);
    const sql = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    return (this.sqlite.prepare(sql).all(...args, f.limit ?? 100) as Row[]).map(parse);
  }

  /** Walks the whole chain: every entry's hash must match its content and the one before it. */
  verify(): VerifyResult {
    let prevHash = GENESIS;
    let expected = 1;
    let n = 0;
    for (const r of this.sqlite.prepare(`SELECT ${COLUMNS} FROM audit_log ORDER BY seq`).iterate() as Iterable<Row>) {
      n++;
      if (r.seq !== expected)
        return {
          ok: false,
          entries: n,
          seq: r.seq,
          problem: `entry ${expected} is missing (the next one is ${r.seq})`,
        };
      if (r.prevHash !== prevHash)
        return {
          ok: false,
          entries: n,
          seq: r.seq,
          problem: `entry ${r.seq} does not follow entry ${r.seq - 1} (previous hash differs)`,
        };
      if (hashOf(r) !== r.hash)
        return {
          ok: false,
          entries: n,
          seq: r.seq,
          problem: `entry ${r.seq} was changed after it was written (its hash does not match its content)`,
        };
      prevHash = r.hash;
      expected++;
    }
    return { ok: true, entries: n, lastHash: prevHash };
  }
}

function parse(r: Row): AuditEntry {
  const p = (s: string | null) => (s === null ? null : JSON.parse(s));
  return { ...r, before: p(r.before), after: p(r.after), detail: p(r.detail) };
}
