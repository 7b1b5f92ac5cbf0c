import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Tests that spawn servers or pack the package need more than the default 5 s on a 2-core box.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
