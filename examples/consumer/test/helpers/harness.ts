// One interface over the two ways the suite runs the service against standin: in-process (MSW intercepting fetch at
// the providers' real base URLs) and over HTTP (a real `standin serve`, one session per test).
import type { Standin } from 'standin'
import { configFromEnv, type ServiceConfig } from '../../src/index.js'

export const SEED = 7
export const CLOCK = '2026-04-01T12:00:00.000Z'
export const ENFINITOS_API_KEY = 'sk_test_reporting0123456789'
export const DEDIT_API_KEY = 'dedit-reporting-key'

export interface Harness {
  readonly mode: 'in-process' | 'served'
  /** A service configuration that reaches this standin. */
  config(): ServiceConfig
  /** Activates scenarios for the rest of the test. */
  use(...scenarios: string[]): Promise<void>
  /** Moves the standin clock forward. */
  advanceClock(ms: number): Promise<void>
  /** How many calls standin received for `provider.operationId` (answered with `status`, when given). */
  calls(provider: 'enfinitos' | 'dedit', operationId: string, status?: number): Promise<number>
}

/** The standin of `setupStandin`: the service keeps its default base URLs, the providers' real ones. */
export function inProcess(standin: Standin): Harness {
  return {
    mode: 'in-process',
    config: () => configFromEnv({ ENFINITOS_API_KEY, DEDIT_API_KEY }),
    use: async (...scenarios) => {
      standin.use(...scenarios)
    },
    advanceClock: async (ms) => {
      standin.clock.advance(ms)
    },
    calls: async (provider, operationId, status) =>
      standin.journal.entries({ provider, operationId, ...(status === undefined ? {} : { status }) }).length,
  }
}
