import { defineConfig } from 'vitest/config';

const browserTests = 'test/browser/**/*.test.ts';

export default defineConfig({
  test: {
    // Integration tests start real servers, databases and child processes: give slow machines
    // room, but never hide a hung test.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        // Integration files share their worker processes (each file still starts its own servers
        // and databases): importing the whole platform once per file cost ~5 s of every file.
        // Two at a time: most of a file's time is spent waiting on its server and jobs.
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [browserTests],
          isolate: false,
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        // Chromium, the server and the test share two cores: one browser file at a time, after
        // the rest, so a page's waits never compete with another file's load.
        test: {
          name: 'browser',
          include: [browserTests],
          isolate: false,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
