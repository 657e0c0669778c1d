import { json, integer, primaryKey, table, text } from './dialect.ts';

/** A lookup table: key → value pairs analysts maintain (CRM account id → ERP customer number, …). */
export const lookupTables = table('lookup_tables', {
  name: text('name').primaryKey(),
  /** 1 when created, one more on every change: a replace names the version it read. */
  version: integer('version').notNull(),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});

/** The entries of a lookup table; the value is any JSON. */
export const lookupEntries = table(
  'lookup_entries',
  {
    tableName: text('table_name')
      .notNull()
      .references(() => lookupTables.columns.name, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: json('value').notNull(),
  },
  (t) => [primaryKey(t.tableName, t.key)],
);
