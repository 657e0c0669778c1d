import type { FileStore, RunFileRow } from '../file-store.ts';
import { boolValue, type Sql } from '../sql.ts';

const COLUMNS = `id, run_id AS "runId", name, content_type AS "contentType", complete, size, chunks, sha256`;

type Stored = Omit<RunFileRow, 'complete' | 'size' | 'chunks'> & { complete: unknown; size: unknown; chunks: unknown };

const rowOf = (r: Stored): RunFileRow => ({
  ...r,
  complete: boolValue(r.complete),
  size: Number(r.size),
  chunks: Number(r.chunks),
});

/** Run files and their chunks, in the SQL both dialects speak. */
export class SqlFileStore implements FileStore {
  constructor(private readonly sql: Sql) {}

  async create(file: { id: string; runId: string; name: string; contentType: string; createdAt: number }) {
    await this.sql.run(
      `INSERT INTO run_files (id, run_id, name, content_type, complete, size, chunks, created_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?)`,
      [file.id, file.runId, file.name, file.contentType, this.sql.dialect === 'postgres' ? false : 0, file.createdAt],
    );
  }

  async putChunk(fileId: string, seq: number, data: Buffer): Promise<void> {
    await this.sql.run(`INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)`, [fileId, seq, data]);
  }

  async finish(fileId: string, size: number, chunks: number, sha256: string): Promise<boolean> {
    const done = this.sql.dialect === 'postgres' ? true : 1;
    const r = await this.sql.run(`UPDATE run_files SET complete = ?, size = ?, chunks = ?, sha256 = ? WHERE id = ?`, [
      done,
      size,
      chunks,
      sha256,
      fileId,
    ]);
    return r.changes > 0;
  }

  async get(fileId: string): Promise<RunFileRow | undefined> {
    const r = await this.sql.get<Stored>(`SELECT ${COLUMNS} FROM run_files WHERE id = ?`, [fileId]);
    return r && rowOf(r);
  }

  async chunk(fileId: string, seq: number): Promise<Buffer | undefined> {
    const r = await this.sql.get<{ data: Buffer }>(`SELECT data FROM file_chunks WHERE file_id = ? AND seq = ?`, [
      fileId,
      seq,
    ]);
    return r?.data;
  }

  async parentRun(runId: string): Promise<string | null> {
    const r = await this.sql.get<{ p: string | null }>(`SELECT parent_run_id AS p FROM runs WHERE id = ?`, [runId]);
    return r?.p ?? null;
  }

  async ofRun(runId: string): Promise<RunFileRow[]> {
    const rows = await this.sql.all<Stored>(
      `SELECT ${COLUMNS} FROM run_files WHERE run_id = ? ORDER BY created_at, id`,
      [runId],
    );
    return rows.map(rowOf);
  }
}
