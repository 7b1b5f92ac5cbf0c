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
import { isObj, pointer, show } from './values.js'

/** Context for {@link verifyPack}. */
export interface VerifyOptions {
  /**
   * The prior pack's last afterHash, for packs sealed in series: the first record's beforeHash must equal it
   * (CHAIN_LINK_MISMATCH). Omitted or null: no prior pack, the first beforeHash must be null
   * (GENESIS_BEFORE_HASH_NOT_NULL).
   */
  priorAfterHash?: string | null
  /** When given (null for "no prior pack"), `previousPackId` must equal it (PREVIOUS_PACK_MISMATCH). */
  priorPackId?: string | null
  /** Nonces the org used in earlier packs; reusing one is CHAIN_NONCE_REUSED. */
  priorNonces?: Iterable<string>
}

/**
 * Verifies one proof pack from first principles against a key directory. Never throws on malformed input: it
 * reports FIELD_MALFORMED instead. See {@link VerificationReport} for the result and {@link REASON_CODES} for
 * what each code means.
 */
export function verifyPack(
  pack: VerifiablePack,
  keyDirectory: VerifiableKeyDirectory,
  options: VerifyOptions = {},
): VerificationReport {
  const input: unknown = pack
  const report = new Report(isObj(input) && typeof input.id === 'string' ? input.id : null)
  if (!isObj(input)) {
    report.malformed('the pack is not an object', { path: '' })
    return report.finish()
  }
  if (input.envelopeVersion !== 'envelope.v1') {
    report.malformed(`envelopeVersion must be "envelope.v1", got ${show(input.envelopeVersion)}`, {
      path: '/envelopeVersion',
    })
  }
  for (const field of ['id', 'orgId'] as const) {
    if (typeof input[field] !== 'string' || input[field] === '') {
      report.malformed(`${field} must be a non-empty string`, { path: pointer(field) })
    }
  }
  if (parseTimestamp(input.sealedAt) === null) report.malformed('sealedAt must be a timestamp', { path: '/sealedAt' })
  if (input.previousPackId !== null && typeof input.previousPackId !== 'string') {
    report.malformed('previousPackId must be a string or null', { path: '/previousPackId' })
  }
  if (options.priorPackId !== undefined) {
    const expected = options.priorPackId
    report.check(
      'PREVIOUS_PACK_MISMATCH',
      input.previousPackId === expected,
      'previousPackId is the prior pack given',
      { path: '/previousPackId' },
      () => expected,
      () => input.previousPackId,
    )
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
 * Verifies packs sealed in series (oldest first) for one org: each pack is verified with the previous pack's id,
 * last afterHash and nonces; the first as an org's first pack (genesis, previousPackId null). One report per pack.
 */
export function verifyPackSeries(
  packs: readonly VerifiablePack[],
  keyDirectory: VerifiableKeyDirectory,
): VerificationReport[] {
  const nonces: string[] = []
  let prior: VerifiablePack | null = null
  return packs.map((pack) => {
    const last = prior?.records[prior.records.length - 1]
    const report = verifyPack(pack, keyDirectory, {
      priorAfterHash: last?.afterHash ?? null,
      priorPackId: prior?.id ?? null,
      priorNonces: nonces,
    })
    for (const record of Array.isArray(pack.records) ? pack.records : []) {
      if (typeof record?.payload?.nonce === 'string') nonces.push(record.payload.nonce)
    }
    prior = pack
    return report
  })
}
