import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start real servers, databases and child processes: keep files isolated
    // and give slow machines room, but never hide a hung test.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'] },
      },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'] } },
    ],
  },
});
