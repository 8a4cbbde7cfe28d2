import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // 2 cores: two worker processes. Tests run main() in-process (test/support/main.ts), so a worker
    // is busy with the tests' own work rather than waiting on spawns; the few spawns are asynchronous.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    // One module graph per worker, not one per file: importing src/ and its dependencies anew for each
    // of ~70 files was about 40 % of the suite's CPU time. Safe because no test mocks a module, the
    // language is set by every main() call, and spies are restored after each test.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
