import { defineConfig } from 'drizzle-kit';

/** Postgres migrations, generated from the schema derived in src/db/schema-pg.ts (`npm run db:generate:pg`). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema-pg.ts',
  out: './drizzle-pg',
});
