import { configDefaults, defineConfig } from 'vitest/config'

// Two projects: `unit` (no browser; `npm run test:unit`) and `e2e`, the dashboards in a browser
// (`npm run test:e2e`), whose global setup builds the app once and finds the browser once.
export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // `expect.poll` waits for what a page or process will show; its 1 s default fails a loaded machine.
    expect: { poll: { timeout: 20_000 } },
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'electron/**/*.test.ts',
            'shared/**/*.test.ts',
            'renderer/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'tests/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
})
