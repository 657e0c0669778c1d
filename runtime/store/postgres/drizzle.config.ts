import { defineConfig } from 'drizzle-kit';

/** Migrations of the PostgreSQL store (npm run db:generate:pg); paths are from the repository root. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './runtime/store/schema/pg.ts',
  out: './runtime/store/migrations-pg',
});
