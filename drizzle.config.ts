import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/**/*.tables.ts', './src/modules/*/infrastructure/*.tables.ts'],
  out: './drizzle',
  casing: 'snake_case',
});
