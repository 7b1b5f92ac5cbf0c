import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // served.test.ts starts a standin HTTP server (startStandinServer) before its tests.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
})
