/** Scenarios of Dedit's registrations (notarizations). */
import type { Scenario } from '../../mocks/core/scenarios.js'
import { algorandAssetId, algorandTxId } from '../../mocks/dedit/ids.js'
import type { Registration } from '../../mocks/dedit/types.js'
import { respond, respondFrom } from './typed.js'

export const registrationScenarios: Scenario[] = [
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
    operations: respond('completeRegistration', 200, {
      hash: '8569f76a33fca5d4f404e125447e8a65e89f8f181bcfe4517907f0aa44cd14a4',
      description: 'Contratto di licenza v1',
      custody: false,
      signed: false,
      signer: null,
      signature: null,
      txHash: null,
      status: 'registered',
      blockchainType: 'ALGORAND',
      holder: null,
      txId: null,
      assetId: null,
      tags: [],
      paymentId: 'sub_1KeRbLGkNaQ7xTzR3mVb2cLp',
      creationDate: 1775045100000,
      payload: null,
      userId: 4127,
    }),
  },
]
