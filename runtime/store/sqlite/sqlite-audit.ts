import type Database from 'better-sqlite3';
import { AuditLog } from '../../security/audit.ts';
import { Committer, type WriteFn } from '../committer.ts';
import { SqlAuditStore } from '../parts/audit.ts';
import type { StoreParts } from '../ports.ts';
import { SqliteSql } from './sqlite-sql.ts';
import { sqliteTransactions } from './sqlite-store.ts';

type AuditParts = Pick<StoreParts, 'audit'>;

/**
 * The audit log of a SQLite file on a connection of its own (the command line's, beside a running
 * runtime or on a backup copy): reads for verify(), IMMEDIATE transactions for record(). Only the audit
 * part is there, which is all AuditLog's writes touch.
 */
export function sqliteAuditLog(sqlite: Database.Database): AuditLog {
  const audit = new SqlAuditStore(new SqliteSql(sqlite));
  const committer = new Committer<AuditParts>(sqliteTransactions<AuditParts>(sqlite, { audit }));
  return new AuditLog({
    audit,
    write: <T>(fn: WriteFn<StoreParts, T>) => committer.write(fn as WriteFn<AuditParts, T>),
  });
}
