import { connections } from './flows.ts';
import { integer, json, table, text } from './dialect.ts';

/**
 * The OpenAPI document of a connection: as uploaded or fetched, and the operations read from it with
 * its $refs resolved. `version` goes up by one with every replacement and stays when the document is
 * removed (document null), so a flow version's record of the spec version it used never points at another.
 */
export const connectionSpecs = table('connection_specs', {
  connectionId: text('connection_id')
    .primaryKey()
    .references(() => connections.columns.id, { onDelete: 'cascade' }),
  version: integer('version').notNull(),
  /** SHA-256 of the document's canonical JSON; null once removed. */
  hash: text('hash'),
  document: json('document'),
  operations: json('operations'),
  /** Where it came from: "upload" or the URL it was fetched from. */
  source: text('source'),
  /** Paging every operation step of the connection uses unless it sets its own. */
  paging: json('paging'),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
