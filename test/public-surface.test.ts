// The public surface is deliberate: the runtime names each entry point exports are pinned here, so adding or dropping
// one is a decision made in review (and in the CHANGELOG), not a side effect of an `export` somewhere.
import { describe, expect, it } from 'vitest'
import * as enfinitos from '../mocks/enfinitos/index.js'
import * as root from '../mocks/index.js'
import * as vitest from '../mocks/vitest.js'

describe('public surface', () => {
  it('standin exports createStandin, the error hierarchy and the scenario builders', () => {
    expect(Object.keys(root).sort()).toEqual([
      'ContractViolationError',
      'HttpError',
      'InternalError',
      'MAX_SEQUENCE_CALLS',
      'MissingPeerError',
      'ScenarioDefinitionError',
      'StandinError',
      'UnknownScenarioError',
      'createStandin',
      'defineScenario',
      'delay',
      'fault',
      'providerError',
      'sequence',
      'specExample',
      'times',
    ])
    expect(new root.HttpError(404, 'no such right', { code: 'NOT_FOUND' })).toBeInstanceOf(root.StandinError)
    expect(new root.MissingPeerError('msw', 'standin.handlers()')).toBeInstanceOf(root.StandinError)
  })

  it('standin/vitest exports the lifecycle helper and createStandin', () => {
    expect(Object.keys(vitest).sort()).toEqual(['createStandin', 'setupStandin'])
  })

  it('standin/enfinitos exports what verifies, what builds fixtures that verify, and what breaks them', () => {
    expect(Object.keys(enfinitos).sort()).toMatchInlineSnapshot(`
      [
        "ALL_REASON_CODES",
        "DEFAULT_TARIFF",
        "EXPORT_KINDS",
        "EXPORT_TAMPERINGS",
        "KeyRing",
        "NoSigningKeyError",
        "PAYLOAD_KEYS",
        "REASON_CODES",
        "ReceiptIssuer",
        "ReceiptIssuerError",
        "SealError",
        "TAMPERINGS",
        "TamperError",
        "WEBHOOK_SIGNATURE_HEADER",
        "afterHashOf",
        "appendProvenance",
        "buildSampleChain",
        "canonicalPayload",
        "contentHash",
        "defaultPackLabel",
        "defineTariff",
        "deriveSigningKey",
        "failedChecks",
        "formatDecimal6",
        "formatTimestamp",
        "lastAfterHash",
        "meterIdemKey",
        "meteringForPeriod",
        "provenancePayloadCanonical",
        "receiptSigningMessage",
        "sealPack",
        "settlementForPeriod",
        "settlementIdemKey",
        "sha256Hex",
        "signExport",
        "signReceipt",
        "signText",
        "signWebhook",
        "signingKeyFromSeed",
        "sortedJson",
        "splitGross",
        "tampering",
        "unitCountMicro",
        "verifyExport",
        "verifyPack",
        "verifyPackChain",
        "verifyProvenance",
        "verifyText",
        "verifyWebhookSignature",
      ]
    `)
  })
})
