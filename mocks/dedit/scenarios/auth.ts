/** Scenarios of Dedit's authentication: a rejected API key, an expired token. */
import type { Scenario, ScenarioAction } from '../../core/scenarios.js'
import { deditContract } from '../contract.js'

const expired: ScenarioAction = {
  kind: 'error',
  error: {
    status: 401,
    message: 'token expired; log in again (tokens live 10 h)',
    details: [{ path: '/header/authorization', message: 'token expired' }],
  },
}

export const authScenarios: Scenario[] = [
  {
    name: 'dedit:auth.login-rejected',
    description: 'login answers 401 "Invalid API key" whatever key is sent (a revoked or mistyped key).',
    provider: 'dedit',
    operations: {
      login: {
        kind: 'error',
        error: {
          status: 401,
          message: 'Invalid API key',
          details: [{ path: '/body/apiKey', message: 'is not a valid API key' }],
        },
      },
    },
  },
  {
    name: 'dedit:auth.token-expired',
    description: 'Every call that needs a bearer token answers 401 "token expired", as after 10 h: exercises re-login.',
    provider: 'dedit',
    operations: Object.fromEntries(
      deditContract.operations.filter((op) => op.secured).map((op) => [op.operationId, expired]),
    ),
  },
]
