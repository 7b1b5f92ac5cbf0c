import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Type-level tests (`*.test-d.ts`, expectTypeOf and @ts-expect-error) run through tsc as part of `vitest run`.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // Tests that spawn servers or pack the package need more than the default 5 s on a 2-core box.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Off unless asked (`npm run test:coverage`, or `npm test -- --coverage` as CI runs it): statements, branches,
    // functions and lines of the runtime.
    coverage: {
      provider: 'v8',
      include: ['mocks/**'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
})
