/** One pack (envelope, records, metering, settlement) and packs sealed in series. */

import type { components } from '../../../../generated/enfinitos.js'
import { parseTimestamp } from '../time.js'
import type { KeyDirectory, ProofPack } from '../types.js'

/**
 * What the verifier accepts: our own pack type, or a pack typed with the shipped spec types (`standin/types/enfinitos`)
 * as a downstream client holds it. It checks its input structurally, so nothing more precise is needed.
 */
export type VerifiablePack = ProofPack | components['schemas']['ProofPack']
/** A key directory as our key ring builds it or as `GET /v1/runtime-keys` returns it (the spec's type). */
export type VerifiableKeyDirectory = KeyDirectory | components['schemas']['KeyDirectory']

import type { ReceiptInfo } from './chain.js'
import { KeyLookup } from './keys.js'
import { verifyMetering } from './metering.js'
import { verifyRecords } from './records.js'
import { Report, type VerificationReport } from './report.js'
import { verifySettlement } from './settlement.js'
import { isObj, pointer } from './values.js'

/** Context for {@link verifyPack}. */
export interface VerifyOptions {
  /**
   * The prior pack's last afterHash, for packs sealed in series: the first record's beforeHash must equal it
   * (CHAIN_LINK_MISMATCH). Omitted or null: no prior pack, the first beforeHash must be null
   * (GENESIS_BEFORE_HASH_NOT_NULL).
   */
  priorAfterHash?: string | null
  /** Nonces the org used in earlier packs; reusing one is CHAIN_NONCE_REUSED. */
  priorNonces?: Iterable<string>
}

/**
 * Verifies one proof pack from first principles against a key directory. Never throws on malformed input: it
 * reports FIELD_MALFORMED instead. The envelope is the provider's: `envelopeVersion` (envelope.v1), `issuedAt`,
 * `orgId`, `packId` (strings, as the provider's auditor requires them), an optional string `label`, and `records`.
 * See {@link VerificationReport} for the result and {@link REASON_CODES} for what each code means.
 */
export function verifyPack(
  pack: VerifiablePack,
  keyDirectory: VerifiableKeyDirectory,
  options: VerifyOptions = {},
): VerificationReport {
  const input: unknown = pack
  const report = new Report(isObj(input) && typeof input.packId === 'string' ? input.packId : null)
  if (!isObj(input)) {
    report.malformed('the pack is not an object', { path: '' })
    return report.finish()
  }
  report.check(
    'UNSUPPORTED_ENVELOPE_VERSION',
    input.envelopeVersion === 'envelope.v1',
    'envelopeVersion is envelope.v1',
    { path: '/envelopeVersion' },
    () => 'envelope.v1',
    () => input.envelopeVersion,
  )
  for (const field of ['packId', 'orgId'] as const) {
    if (typeof input[field] !== 'string' || input[field] === '') {
      report.malformed(`${field} must be a non-empty string`, { path: pointer(field) })
    }
  }
  if (parseTimestamp(input.issuedAt) === null) report.malformed('issuedAt must be a timestamp', { path: '/issuedAt' })
  if (input.label !== undefined && typeof input.label !== 'string') {
    report.malformed('label must be a string when present', { path: '/label' })
  }
  const keys = new KeyLookup(keyDirectory, report)
  const receipts = new Map<string, ReceiptInfo>()
  if (!Array.isArray(input.records) || input.records.length === 0) {
    report.malformed('records must be a non-empty array', { path: '/records' })
  } else {
    verifyRecords(input.records, report, keys, receipts, options)
  }
  const meterKeys = verifyMetering(input, report, receipts)
  if (meterKeys !== null) verifySettlement(input, report, meterKeys)
  return report.finish()
}

/**
 * Verifies an org's packs sealed in series, oldest first. Packs are linked by hashes alone: each pack after the first
 * is verified with the previous pack's last afterHash (its first beforeHash must be that) and the nonces of every
 * earlier pack; the first as an org's first pack (its first beforeHash null). To start mid-series, verify the first
 * pack you hold with {@link verifyPack} and `priorAfterHash`. One report per pack, in the order given.
 */
export function verifyPackChain(
  packs: readonly VerifiablePack[],
  keyDirectory: VerifiableKeyDirectory,
): VerificationReport[] {
  const nonces: string[] = []
  let priorAfterHash: string | null = null
  return packs.map((pack) => {
    const report = verifyPack(pack, keyDirectory, { priorAfterHash, priorNonces: nonces })
    const records = Array.isArray(pack.records) ? pack.records : []
    for (const record of records) {
      if (typeof record?.payload?.nonce === 'string') nonces.push(record.payload.nonce)
    }
    const last = records[records.length - 1]
    priorAfterHash = typeof last?.afterHash === 'string' ? last.afterHash : null
    return report
  })
}
