/** Authentication scenarios: every secured operation refuses the key (401), every scoped one the role (403). */
import type { Scenario, ScenarioAction } from '../../core/scenarios.js'
import { KEY_PREFIXES, requiredScopes } from '../auth.js'
import { enfinitosContract } from '../contract.js'

function forEach(
  filter: (op: (typeof enfinitosContract.operations)[number]) => boolean,
  action: (op: (typeof enfinitosContract.operations)[number]) => ScenarioAction,
) {
  return Object.fromEntries(enfinitosContract.operations.filter(filter).map((op) => [op.operationId, action(op)]))
}

export const authScenarios: Scenario[] = [
  {
    name: 'enfinitos:auth.invalid-key',
    description: 'Every secured EnfinitOS call answers 401: the API key is not recognised (revoked or unknown).',
    provider: 'enfinitos',
    operations: forEach(
      (op) => op.secured,
      () => ({
        kind: 'error',
        error: {
          status: 401,
          message: `The API key is not recognised; keys start with ${KEY_PREFIXES.join(', ')}.`,
          details: [{ path: '/header/authorization', message: 'unknown or revoked API key' }],
        },
      }),
    ),
  },
  {
    name: 'enfinitos:auth.forbidden',
    description: "Every EnfinitOS call that needs a scope answers 403: the key's role lacks it.",
    provider: 'enfinitos',
    operations: forEach(
      (op) => requiredScopes(op).length > 0,
      (op) => {
        const scope = requiredScopes(op).join(', ')
        return {
          kind: 'error',
          error: {
            status: 403,
            message: `This key (role tenant_auditor) lacks the scope ${scope}.`,
            details: [{ path: '/header/authorization', message: `scope ${scope} required (role tenant_auditor)` }],
          },
        }
      },
    ),
  },
]
