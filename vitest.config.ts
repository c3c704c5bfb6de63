import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end suites each start a Slack fake and a Bolt app on ephemeral ports; two cores.
    pool: 'forks',
  },
});
