import { boolean, bytes, index, integer, primaryKey, table, text } from './dialect.ts';
import { runs } from './runs.ts';

/** A file a run wrote (FileRef): its name, type, size and digest; its content is in `file_chunks`. */
export const runFiles = table(
  'run_files',
  {
    id: text('id').primaryKey(),
    runId: text('run_id')
      .notNull()
      .references(() => runs.columns.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    /** Set once every chunk is written; a file cut off by a crash stays incomplete and is never read. */
    complete: boolean('complete').notNull().default(false),
    size: integer('size').notNull().default(0),
    chunks: integer('chunks').notNull().default(0),
    sha256: text('sha256'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('run_files_run').on(t.runId)],
);

/** The content of a run's file, in chunks numbered from 0. */
export const fileChunks = table(
  'file_chunks',
  {
    fileId: text('file_id')
      .notNull()
      .references(() => runFiles.columns.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    data: bytes('data').notNull(),
  },
  (t) => [primaryKey(t.fileId, t.seq)],
);
