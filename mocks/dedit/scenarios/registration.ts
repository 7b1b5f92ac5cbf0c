/** Scenarios of Dedit's registrations (notarizations). */
import type { Scenario } from '../../core/scenarios.js'
import { buildRegistration } from '../factories.js'
import { algorandAssetId, algorandTxId } from '../ids.js'
import type { Registration } from '../types.js'
import { respond, respondFrom } from './actions.js'

export const registrationScenarios: Scenario[] = [
  {
    name: 'dedit:registration.request.already-registered',
    description: 'requestRegistration answers 409: the hash is already registered (a hash is notarized once).',
    provider: 'dedit',
    operations: {
      requestRegistration: {
        kind: 'error',
        error: {
          status: 409,
          message: 'This hash is already registered',
          details: [{ path: '/body/hash', message: 'is already registered' }],
        },
      },
    },
  },
  {
    name: 'dedit:registration.complete.already-registered',
    description: 'completeRegistration answers 409: the hash is already registered (a registration completed twice).',
    provider: 'dedit',
    operations: {
      completeRegistration: { kind: 'error', error: { status: 409, message: 'This hash is already registered' } },
    },
  },
  {
    name: 'dedit:registration.complete.confirmed-on-chain',
    description:
      'completeRegistration behaves normally but answers as if Algorand had already confirmed it: txId and assetId set (their non-null forms are inferred).',
    provider: 'dedit',
    operations: respondFrom('completeRegistration', async (call, next) => {
      const response = await next()
      if (response.status !== 200) return { passthrough: response }
      const registration = response.body as Registration
      return {
        status: 200,
        body: {
          ...registration,
          txId: algorandTxId(call.derive, registration.hash),
          assetId: algorandAssetId(call.derive, registration.hash),
        },
      }
    }),
  },
  {
    name: 'dedit:registration.complete.documented-example',
    description: "completeRegistration always answers 200 with the docs' example registration (static body).",
    provider: 'dedit',
    operations: respond('completeRegistration', 200, buildRegistration()),
  },
]
