import { createHash } from 'node:crypto';
import type { Principal } from '../../shared/identity.ts';
import type { AuditQuery, AuditRow, AuditStore } from '../store/audit-store.ts';
import type { Store, StoreParts } from '../store/ports.ts';

/** Who made a change: a user or an API token, by id and by the name it had then; or a run (a step's write, named `run:<id>`). */
export type Actor = Pick<Principal, 'id' | 'name'> & { kind: Principal['kind'] | 'run' };

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

/** What the audit log lists: the store's query, with the page size optional. */
export type AuditFilter = Omit<AuditQuery, 'limit'> & { limit?: number };

export type VerifyResult =
  | { ok: true; entries: number; lastHash: string }
  | { ok: false; entries: number; seq: number; problem: string };

const GENESIS = '0'.repeat(64);
const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

type Row = AuditRow;

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

/** Entries read per page while verifying the chain. */
const VERIFY_PAGE = 5000;

/**
 * The append-only, hash-chained audit log. Called with a write's `tx`, record() appends in that
 * transaction: the services write an entry in the transaction of the change it describes, so both are
 * committed or neither is. The store holds the chain's end for the write, so concurrent writers keep one chain.
 */
export class AuditLog {
  constructor(
    private readonly store: Pick<Store, 'write' | 'audit'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Appends an entry: inside `tx`'s transaction, or in a write of its own. */
  record(e: AuditInput, tx?: Pick<StoreParts, 'audit'>): Promise<AuditEntry> {
    const at = this.now();
    return tx ? append(tx.audit, e, at) : this.store.write((t) => append(t.audit, e, at));
  }

  async list(f: AuditFilter = {}): Promise<AuditEntry[]> {
    return (await this.store.audit.list({ ...f, limit: f.limit ?? 100 })).map(parse);
  }

  /** Walks the whole chain: every entry's hash must match its content and the one before it. */
  async verify(): Promise<VerifyResult> {
    let prevHash = GENESIS;
    let expected = 1;
    let n = 0;
    for (let page = await this.store.audit.page(0, VERIFY_PAGE); page.length; ) {
      for (const r of page) {
        n++;
        const problem =
          r.seq !== expected
            ? `entry ${expected} is missing (the next one is ${r.seq})`
            : r.prevHash !== prevHash
              ? `entry ${r.seq} does not follow entry ${r.seq - 1} (previous hash differs)`
              : hashOf(r) !== r.hash
                ? `entry ${r.seq} was changed after it was written (its hash does not match its content)`
                : null;
        if (problem) return { ok: false, entries: n, seq: r.seq, problem };
        prevHash = r.hash;
        expected++;
      }
      page = await this.store.audit.page(page[page.length - 1].seq, VERIFY_PAGE);
    }
    return { ok: true, entries: n, lastHash: prevHash };
  }
}

async function append(audit: AuditStore, e: AuditInput, at: number): Promise<AuditEntry> {
  const prev = await audit.last();
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
  const stored = { ...row, hash: hashOf(row) };
  await audit.insert(stored);
  return parse(stored);
}

function parse(r: Row): AuditEntry {
  const p = (s: string | null) => (s === null ? null : JSON.parse(s));
  return { ...r, before: p(r.before), after: p(r.after), detail: p(r.detail) };
}
