import { defineConfig } from 'drizzle-kit';

// Migrations are generated from api/db/schema and committed; they are never pushed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './api/db/schema/index.ts',
  out: './api/db/migrations',
  casing: 'snake_case',
});
