/** Runtime-key scenarios (static bodies, typed against generated/enfinitos.ts). */
import type { Scenario } from '../../core/scenarios.js'
import { respond } from './actions.js'

export const runtimeKeyScenarios: Scenario[] = [
  {
    name: 'enfinitos:runtime-keys.known-answer-key',
    description:
      'GET /v1/runtime-keys publishes only the known-answer key kat_key_1 (Ed25519 seed 32 x 0x01), which signs the examples in the spec.',
    provider: 'enfinitos',
    operations: respond('getRuntimeKeys', 200, {
      ok: true,
      data: {
        keys: [
          {
            keyId: 'kat_key_1',
            algorithm: 'ed25519',
            publicKey: 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w',
            notBefore: '2026-01-01T00:00:00.000Z',
            notAfter: null,
            revokedAt: null,
            purpose: 'receipt-and-provenance-signing',
          },
        ],
        issuedAt: '2026-04-01T12:00:00.000Z',
      },
      contractVersion: 'v1.0',
    }),
  },
]
