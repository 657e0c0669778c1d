import { integer, table, text } from './dialect.ts';

/** Environment variables: non-secret settings of the installation that expressions read as `$env.NAME`. */
export const variables = table('variables', {
  /** UPPER_SNAKE (shared/variables.ts). */
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  description: text('description').notNull().default(''),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: text('updated_by'),
});
