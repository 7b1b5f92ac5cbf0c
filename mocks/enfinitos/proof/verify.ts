/**
 * An independent auditor for proof packs and provenance records, written from the rules in
 * shared/providers/enfinitos.md ("Proof packs"), not from the sealing code: the canonical form, hashes, unit counts,
 * floor split and idemKeys are recomputed here on their own so that a bug in the producer cannot hide itself.
 *
 * Semantics, chosen so that each classic tampering yields exactly the codes of the facts file's table:
 * - everything about a record is recomputed from its `payload` (canonical, afterHash, signed message); the stated
 *   `payloadCanonical` is only compared byte for byte;
 * - chain links compare `beforeHash` with the previous record's STATED afterHash;
 * - unit counts are recomputed from the receipt's dwellMs and the meter record's weight; metering totals are compared
 *   with the sum of the recomputed counts;
 * - the tariff is not in the pack: amounts are checked as the floor split of the pack's own `meterGross`, and only
 *   for meters whose shares sum to 1; settlement totals are compared with the sums of the lines that reference a
 *   known meter record. `vatCents` and `passThroughFeeLedgerCodes` have no documented rule: only their types are
 *   checked.
 */

import { PAYLOAD_KEYS } from './canonical.js'
import { contentHash } from './content-hash.js'
import { fromBase64UrlStrict, sha256Hex } from './hash.js'
import { publicKeyFromBase64Url, verifyText } from './keys.js'
import type { ReasonCode } from './reasons.js'
import { parseTimestamp } from './time.js'
import {
  type KeyDirectory,
  METER_STATUSES,
  PARTY_ROLES,
  PROVENANCE_EVENT_TYPES,
  type ProofPack,
  type ProvenanceRecord,
  SETTLEMENT_STATUSES,
  UNIT_TYPES,
} from './types.js'

/** One check the verifier made. Checks that passed are listed too (`ok: true`). */
export interface VerificationCheck {
  /** The reason code reported when this check fails. */
  code: ReasonCode
  ok: boolean
  /** What was checked, and on failure what was wrong. */
  message: string
  /** Index into `records[]` (packs) or into the provenance list, when the check concerns one record. */
  recordIndex?: number
  /** JSON pointer into the pack (or provenance list) of the value checked, e.g. `/records/3/afterHash`. */
  path?: string
  /** The key concerned, for key checks. */
  keyId?: string
  /** On failure: the value the rules require. */
  expected?: string
  /** On failure: the value found. */
  actual?: string
}

/**
 * The verifier's verdict. `ok` is true iff no check failed. `failures` are the distinct codes of the failed checks,
 * sorted: assert on it with set equality (`expect(report.failures).toEqual([...].sort())`).
 * FIELD_MALFORMED and KEY_DIRECTORY_INVALID checks appear only when they fail; every other check is listed whether
 * it passed or failed. Checks that cannot be made (e.g. a signature under an unknown key) are left out.
 */
export interface VerificationReport {
  ok: boolean
  /** The pack's id (null when it has none, and for provenance). */
  packId: string | null
  checks: VerificationCheck[]
  failures: ReasonCode[]
}

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

/** The failed checks of a report. */
export function failedChecks(report: VerificationReport): VerificationCheck[] {
  return report.checks.filter((check) => !check.ok)
}

// The documented value lists (facts, shared with the data model); the checks below are written from the rules.
const AUDITABLE_UNIT_TYPES: ReadonlySet<string> = new Set(UNIT_TYPES)
const METER_STATUS: ReadonlySet<string> = new Set(METER_STATUSES)
const LINE_STATUS: ReadonlySet<string> = new Set(SETTLEMENT_STATUSES)
const PARTY_ROLE_SET: ReadonlySet<string> = new Set(PARTY_ROLES)
const PAYLOAD_KEY_LIST: readonly string[] = PAYLOAD_KEYS
const PROVENANCE_EVENTS: ReadonlySet<string> = new Set(PROVENANCE_EVENT_TYPES)
const SHA256_PREFIXED = /^sha256:[0-9a-f]{64}$/
const DECIMAL6 = /^(0|[1-9][0-9]*)\.[0-9]{6}$/
const MICRO = 1_000_000n

type Obj = Record<string, unknown>

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pointer(...parts: (string | number)[]): string {
  return parts.map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 300 ? `${text.slice(0, 300)}…` : text
}

function decimal6(text: unknown): bigint | null {
  if (typeof text !== 'string' || !DECIMAL6.test(text)) return null
  const [whole = '0', fraction = '0'] = text.split('.')
  return BigInt(whole) * MICRO + BigInt(fraction)
}

function formatDecimal6(micro: bigint): string {
  return `${micro / MICRO}.${(micro % MICRO).toString().padStart(6, '0')}`
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

class Report {
  readonly checks: VerificationCheck[] = []

  constructor(private readonly packId: string | null) {}

  check(
    code: ReasonCode,
    ok: boolean,
    message: string,
    where: Omit<VerificationCheck, 'code' | 'ok' | 'message' | 'expected' | 'actual'>,
    expected?: () => unknown,
    actual?: () => unknown,
  ): boolean {
    const entry: VerificationCheck = { code, ok, message, ...where }
    if (!ok && expected) entry.expected = show(expected())
    if (!ok && actual) entry.actual = show(actual())
    this.checks.push(entry)
    return ok
  }

  malformed(message: string, where: Omit<VerificationCheck, 'code' | 'ok' | 'message'>): void {
    this.checks.push({ code: 'FIELD_MALFORMED', ok: false, message, ...where })
  }

  finish(): VerificationReport {
    const failures = [...new Set(this.checks.filter((check) => !check.ok).map((check) => check.code))].sort()
    return { ok: failures.length === 0, packId: this.packId, checks: this.checks, failures }
  }
}

interface ResolvedKey {
  keyId: string
  notBefore: number | null
  notAfter: number | null
  revokedAt: number | null
  usable: ReturnType<typeof publicKeyFromBase64Url>
}

/** Looks keys up in the directory; validates each entry once, on first use. */
class KeyLookup {
  private readonly byId = new Map<string, Obj[]>()
  private readonly resolved = new Map<string, ResolvedKey | null>()
  private readonly directoryOk: boolean

  constructor(
    directory: KeyDirectory,
    private readonly report: Report,
  ) {
    const keys = isObj(directory) ? directory.keys : undefined
    this.directoryOk = Array.isArray(keys)
    if (!Array.isArray(keys)) {
      report.checks.push({ code: 'KEY_DIRECTORY_INVALID', ok: false, message: 'the key directory has no keys[] array' })
      return
    }
    for (const key of keys) {
      if (isObj(key) && typeof key.keyId === 'string') {
        const list = this.byId.get(key.keyId) ?? []
        list.push(key)
        this.byId.set(key.keyId, list)
      }
    }
  }

  /** null: unknown. Reports UNKNOWN_KEY_ID (always) and KEY_DIRECTORY_INVALID (once per key, on failure). */
  lookup(keyId: string, where: Omit<VerificationCheck, 'code' | 'ok' | 'message'>): ResolvedKey | null | 'unusable' {
    const entries = this.byId.get(keyId)
    const known = entries !== undefined
    this.report.check(
      'UNKNOWN_KEY_ID',
      known,
      known ? `key ${keyId} is in the directory` : `key ${keyId} is not in the directory`,
      { ...where, keyId },
    )
    if (!known || !this.directoryOk) return null
    if (!this.resolved.has(keyId)) this.resolved.set(keyId, this.resolve(keyId, entries))
    return this.resolved.get(keyId) ?? 'unusable'
  }

  private resolve(keyId: string, entries: Obj[]): ResolvedKey | null {
    const problems: string[] = []
    if (entries.length > 1) problems.push(`keyId ${keyId} appears ${entries.length} times`)
    const entry = entries[0] ?? {}
    if (entry.algorithm !== 'ed25519') {
      this.report.check('UNSUPPORTED_ALGORITHM', false, `key ${keyId} has algorithm ${show(entry.algorithm)}`, {
        keyId,
      })
      return null
    }
    const usable = publicKeyFromBase64Url(entry.publicKey)
    if (usable === null) problems.push('publicKey is not unpadded base64url of 32 bytes')
    const notBefore = parseTimestamp(entry.notBefore)
    if (notBefore === null) problems.push('notBefore is not a timestamp')
    const optionalTime = (name: 'notAfter' | 'revokedAt'): number | null => {
      const value = entry[name]
      if (value === null) return null
      const t = parseTimestamp(value)
      if (t === null) problems.push(`${name} is ${value === undefined ? 'missing' : 'not a timestamp or null'}`)
      return t
    }
    const notAfter = optionalTime('notAfter')
    const revokedAt = optionalTime('revokedAt')
    if (problems.length > 0) {
      this.report.checks.push({
        code: 'KEY_DIRECTORY_INVALID',
        ok: false,
        message: `directory entry for ${keyId}: ${problems.join('; ')}`,
        keyId,
      })
      return null
    }
    return { keyId, notBefore, notAfter, revokedAt, usable }
  }
}

/**
 * Reports KEY_OUTSIDE_VALIDITY_WINDOW (notBefore <= t <= notAfter) and KEY_REVOKED_BEFORE_ISSUANCE (t <= revokedAt)
 * for a key at time `t`.
 */
function checkKeyWindow(
  report: Report,
  key: ResolvedKey,
  t: number,
  when: string,
  where: Omit<VerificationCheck, 'code' | 'ok' | 'message'>,
): void {
  const inWindow = key.notBefore !== null && key.notBefore <= t && (key.notAfter === null || t <= key.notAfter)
  report.check(
    'KEY_OUTSIDE_VALIDITY_WINDOW',
    inWindow,
    inWindow ? `key ${key.keyId} is valid at ${when}` : `key ${key.keyId} is not valid at ${when}`,
    { ...where, keyId: key.keyId },
    () => `notBefore <= ${when} <= notAfter`,
    () =>
      `notBefore ${key.notBefore === null ? '?' : new Date(key.notBefore).toISOString()}, notAfter ${
        key.notAfter === null ? 'null' : new Date(key.notAfter).toISOString()
      }`,
  )
  const notRevoked = key.revokedAt === null || t <= key.revokedAt
  report.check(
    'KEY_REVOKED_BEFORE_ISSUANCE',
    notRevoked,
    notRevoked
      ? `key ${key.keyId} is not revoked before ${when}`
      : `key ${key.keyId} was revoked at ${new Date(key.revokedAt ?? 0).toISOString()}, before ${when}`,
    { ...where, keyId: key.keyId },
  )
}

/** The canonical payload, written from rule 1 (independently of canonical.ts). */
function canonicalOf(payload: Obj): string | null {
  const parts: string[] = []
  for (const key of PAYLOAD_KEY_LIST) {
    if (payload[key] === undefined) return null
    let json: string | undefined
    try {
      json = JSON.stringify(payload[key])
    } catch {
      return null
    }
    if (json === undefined) return null
    parts.push(`${JSON.stringify(key)}:${json}`)
  }
  return `{${parts.join(',')}}`
}

function payloadProblems(payload: Obj): string[] {
  const problems: string[] = []
  const str = (key: string, nullable: boolean) => {
    const value = payload[key]
    if (!(typeof value === 'string' && value.length > 0) && !(nullable && value === null)) {
      problems.push(`${key} must be a non-empty string${nullable ? ' or null' : ''}`)
    }
  }
  if (payload.version !== '1') problems.push('version must be "1"')
  str('receiptId', false)
  str('correlationId', true)
  str('spatialAnchorId', false)
  str('spatialPlacementId', true)
  if (parseTimestamp(payload.issuedAt) === null) problems.push('issuedAt must be an ISO timestamp with milliseconds')
  if (parseTimestamp(payload.renderedAt) === null)
    problems.push('renderedAt must be an ISO timestamp with milliseconds')
  if (!isCount(payload.dwellMs)) problems.push('dwellMs must be an integer >= 0')
  str('nonce', false)
  if (payload.witness === undefined) problems.push('witness must be present (null allowed)')
  for (const key of Object.keys(payload)) {
    if (!PAYLOAD_KEY_LIST.includes(key)) problems.push(`unexpected key ${key}`)
  }
  return problems
}

/** Unit count in micro-units by the documented formulas (independent of metering.ts). */
function expectedUnitCount(unitType: string, dwellMs: number, weight: bigint): bigint {
  const dwell = BigInt(dwellMs)
  if (unitType === 'IMPRESSION_IN_PLACE') return weight
  const divisor = unitType === 'COMPLIANT_DELIVERY_MINUTE' ? 60000n : 1000n
  return (((dwell * MICRO) / divisor) * weight) / MICRO
}

/** The floor split (independent of settlement.ts). */
function floorSplit(gross: bigint, lines: { role: string; share: bigint }[]): bigint[] {
  const amounts = lines.map((line) => (gross * line.share) / MICRO)
  let leftover = gross
  for (const amount of amounts) leftover -= amount
  let winner = 0
  lines.forEach((line, index) => {
    const best = lines[winner]
    if (best && (line.share > best.share || (line.share === best.share && line.role < best.role))) winner = index
  })
  amounts[winner] = (amounts[winner] ?? 0n) + leftover
  return amounts
}

interface ReceiptInfo {
  index: number
  dwellMs: number | null
}

/**
 * Verifies one proof pack from first principles against a key directory. Never throws on malformed input: it
 * reports FIELD_MALFORMED instead. See {@link VerificationReport} for the result and {@link REASON_CODES} for
 * what each code means.
 */
export function verifyPack(
  pack: ProofPack,
  keyDirectory: KeyDirectory,
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

function verifyRecords(
  records: unknown[],
  report: Report,
  keys: KeyLookup,
  receipts: Map<string, ReceiptInfo>,
  options: VerifyOptions,
): void {
  const nonces = new Set<string>(options.priorNonces ?? [])
  let previous: Obj | null = null
  let previousTime: number | null = null
  records.forEach((raw, index) => {
    const at = (...parts: (string | number)[]) => ({ recordIndex: index, path: pointer('records', index, ...parts) })
    if (!isObj(raw)) {
      report.malformed('the record is not an object', at())
      previous = null
      previousTime = null
      return
    }
    const record = raw
    const payload = isObj(record.payload) ? record.payload : null
    if (payload === null) report.malformed('payload must be an object', at('payload'))
    else for (const problem of payloadProblems(payload)) report.malformed(`payload: ${problem}`, at('payload'))
    const keyId = typeof record.keyId === 'string' && record.keyId !== '' ? record.keyId : null
    if (keyId === null) report.malformed('keyId must be a non-empty string', at('keyId'))
    for (const field of ['payloadCanonical', 'afterHash'] as const) {
      if (typeof record[field] !== 'string') report.malformed(`${field} must be a string`, at(field))
    }
    if (record.beforeHash !== null && typeof record.beforeHash !== 'string') {
      report.malformed('beforeHash must be a string or null', at('beforeHash'))
    }
    report.check(
      'UNSUPPORTED_ALGORITHM',
      record.algorithm === 'ed25519',
      'algorithm is ed25519',
      at('algorithm'),
      () => 'ed25519',
      () => record.algorithm,
    )

    // Rules 1-3: canonical form, afterHash, signature, all from the payload.
    const canonical = payload === null ? null : canonicalOf(payload)
    if (payload !== null && canonical === null) report.malformed('payload lacks one of the ten keys', at('payload'))
    if (canonical !== null) {
      report.check(
        'PAYLOAD_CANONICAL_MISMATCH',
        record.payloadCanonical === canonical,
        'payloadCanonical is the canonical form of payload',
        at('payloadCanonical'),
        () => canonical,
        () => record.payloadCanonical,
      )
      const afterHash = sha256Hex(canonical)
      report.check(
        'AFTER_HASH_MISMATCH',
        record.afterHash === afterHash,
        'afterHash is sha256 of the canonical payload',
        at('afterHash'),
        () => afterHash,
        () => record.afterHash,
      )
    }
    const signatureWellFormed = fromBase64UrlStrict(record.signature, 64) !== null
    report.check(
      'SIGNATURE_MALFORMED',
      signatureWellFormed,
      'signature is unpadded base64url of 64 bytes',
      at('signature'),
      () => '86 characters of [A-Za-z0-9_-]',
      () => record.signature,
    )
    // Rule 5: the key is known and valid at issuedAt.
    const issuedAt = payload === null ? null : parseTimestamp(payload.issuedAt)
    const key = keyId === null ? null : keys.lookup(keyId, at('keyId'))
    if (key !== null && key !== 'unusable' && issuedAt !== null) {
      checkKeyWindow(report, key, issuedAt, String(payload?.issuedAt), at('keyId'))
    }
    if (key !== null && key !== 'unusable' && key.usable !== null && signatureWellFormed && canonical !== null) {
      const valid = verifyText(key.usable, `${canonical}|${keyId}`, String(record.signature))
      report.check(
        'SIGNATURE_INVALID',
        valid,
        valid ? `signature verifies under ${keyId}` : `signature does not verify under ${keyId}`,
        { ...at('signature'), keyId: keyId ?? '' },
      )
    }

    // Rule 4: chain.
    if (index === 0) {
      if (typeof options.priorAfterHash === 'string') {
        const expected = options.priorAfterHash
        report.check(
          'CHAIN_LINK_MISMATCH',
          record.beforeHash === expected,
          "the first beforeHash is the prior pack's last afterHash",
          at('beforeHash'),
          () => expected,
          () => record.beforeHash,
        )
      } else {
        report.check(
          'GENESIS_BEFORE_HASH_NOT_NULL',
          record.beforeHash === null,
          'the first beforeHash is null (no prior pack given)',
          at('beforeHash'),
          () => null,
          () => record.beforeHash,
        )
      }
    } else {
      const expected = previous?.afterHash
      report.check(
        'CHAIN_LINK_MISMATCH',
        previous !== null && record.beforeHash === expected,
        "beforeHash is the previous record's afterHash",
        at('beforeHash'),
        () => expected,
        () => record.beforeHash,
      )
      if (issuedAt !== null && previousTime !== null) {
        const before = previousTime
        report.check(
          'CHAIN_OUT_OF_ORDER',
          issuedAt >= before,
          "issuedAt is not earlier than the previous record's",
          at('payload', 'issuedAt'),
          () => `>= ${new Date(before).toISOString()}`,
          () => payload?.issuedAt,
        )
      }
    }
    if (payload !== null && typeof payload.nonce === 'string') {
      const reused = nonces.has(payload.nonce)
      report.check(
        'CHAIN_NONCE_REUSED',
        !reused,
        reused ? `nonce ${show(payload.nonce)} was used before` : 'nonce is unique',
        at('payload', 'nonce'),
      )
      nonces.add(payload.nonce)
    }
    if (payload !== null && typeof payload.receiptId === 'string') {
      const reused = receipts.has(payload.receiptId)
      report.check(
        'RECEIPT_ID_REUSED',
        !reused,
        reused ? `receiptId ${payload.receiptId} appears twice` : 'receiptId is unique in the pack',
        at('payload', 'receiptId'),
      )
      if (!reused)
        receipts.set(payload.receiptId, { index, dwellMs: isCount(payload.dwellMs) ? payload.dwellMs : null })
    }
    previous = record
    previousTime = issuedAt
  })
}

/** Returns the set of stated meter idemKeys, or null when there is no usable metering (settlement is skipped). */
function verifyMetering(pack: Obj, report: Report, receipts: Map<string, ReceiptInfo>): Set<string> | null {
  const metering = pack.metering
  if (!isObj(metering)) {
    report.malformed('metering must be an object', { path: '/metering' })
    return null
  }
  if (metering.schemaVersion !== 'metering.v1') {
    report.malformed(`metering.schemaVersion must be "metering.v1"`, { path: '/metering/schemaVersion' })
  }
  report.check(
    'ORG_MISMATCH',
    metering.orgId === pack.orgId,
    "metering.orgId is the pack's orgId",
    { path: '/metering/orgId' },
    () => pack.orgId,
    () => metering.orgId,
  )
  for (const field of ['periodStart', 'periodEnd'] as const) {
    if (parseTimestamp(metering[field]) === null) {
      report.malformed(`${field} must be a timestamp`, { path: pointer('metering', field) })
    }
  }
  const records = metering.records
  if (!Array.isArray(records)) {
    report.malformed('metering.records must be an array', { path: '/metering/records' })
    return null
  }
  const meterKeys = new Set<string>()
  const sums = new Map<string, bigint>()
  records.forEach((raw, index) => {
    const at = (field: string) => ({ path: pointer('metering', 'records', index, field) })
    if (!isObj(raw)) {
      report.malformed('the metering record is not an object', { path: pointer('metering', 'records', index) })
      return
    }
    const meter = raw
    const unitType = typeof meter.unitType === 'string' ? meter.unitType : String(meter.unitType)
    const receiptId = typeof meter.proofReceiptId === 'string' ? meter.proofReceiptId : null
    if (receiptId === null) report.malformed('proofReceiptId must be a string', at('proofReceiptId'))
    if (typeof meter.idemKey === 'string') meterKeys.add(meter.idemKey)
    else report.malformed('idemKey must be a string', at('idemKey'))
    if (!METER_STATUS.has(String(meter.status)))
      report.malformed(`status ${show(meter.status)} is unknown`, at('status'))
    for (const field of ['spatialAnchorId', 'observedAt'] as const) {
      if (typeof meter[field] !== 'string') report.malformed(`${field} must be a string`, at(field))
    }
    const auditable = AUDITABLE_UNIT_TYPES.has(unitType)
    report.check(
      'UNSUPPORTED_UNIT_TYPE',
      auditable,
      auditable ? `unit type ${unitType} can be audited` : `unit type ${unitType} cannot be audited`,
      at('unitType'),
    )
    const receipt = receiptId === null ? undefined : receipts.get(receiptId)
    report.check(
      'METER_RECORD_FOR_UNKNOWN_PROOF',
      receipt !== undefined,
      receipt !== undefined
        ? `proofReceiptId is record ${receipt.index}'s receipt`
        : `proofReceiptId ${show(meter.proofReceiptId)} is not a receipt of this pack`,
      at('proofReceiptId'),
    )
    if (receiptId !== null) {
      const expected = sha256Hex(`${receiptId}|${unitType}`)
      report.check(
        'METER_IDEM_KEY_MISMATCH',
        meter.idemKey === expected,
        'idemKey is sha256hex(proofReceiptId|unitType)',
        at('idemKey'),
        () => expected,
        () => meter.idemKey,
      )
    }
    const weight = decimal6(meter.weight)
    if (weight === null) report.malformed('weight must be a 6-dp decimal string', at('weight'))
    let counted = decimal6(meter.unitCount)
    if (auditable && receipt !== undefined && receipt.dwellMs !== null && weight !== null) {
      const expected = expectedUnitCount(unitType, receipt.dwellMs, weight)
      const text = formatDecimal6(expected)
      report.check(
        'METER_UNIT_COUNT_MISMATCH',
        meter.unitCount === text,
        `unitCount is ${unitType} of ${receipt.dwellMs} ms at weight ${String(meter.weight)}`,
        at('unitCount'),
        () => text,
        () => meter.unitCount,
      )
      counted = expected
    } else if (counted === null) {
      report.malformed('unitCount must be a 6-dp decimal string', at('unitCount'))
    }
    if (counted !== null) sums.set(unitType, (sums.get(unitType) ?? 0n) + counted)
  })
  const totals = metering.totals
  if (!isObj(totals)) {
    report.malformed('metering.totals must be an object', { path: '/metering/totals' })
  } else {
    const types = [...new Set([...sums.keys(), ...Object.keys(totals)])]
    for (const unitType of types) {
      const expected = formatDecimal6(sums.get(unitType) ?? 0n)
      report.check(
        'METER_TOTAL_MISMATCH',
        totals[unitType] === expected,
        `the ${unitType} total is the sum of its recomputed unit counts`,
        { path: pointer('metering', 'totals', unitType) },
        () => expected,
        () => totals[unitType],
      )
    }
  }
  return meterKeys
}

function verifySettlement(pack: Obj, report: Report, meterKeys: Set<string>): void {
  const settlement = pack.settlement
  const metering = pack.metering as Obj
  if (!isObj(settlement)) {
    report.malformed('settlement must be an object', { path: '/settlement' })
    return
  }
  const version = settlement.schemaVersion
  if (version !== 'settlement.v2' && version !== 'settlement.v1') {
    report.malformed(`settlement.schemaVersion ${show(version)} is unknown`, { path: '/settlement/schemaVersion' })
  }
  report.check(
    'ORG_MISMATCH',
    settlement.orgId === metering.orgId,
    "settlement.orgId is metering's orgId",
    { path: '/settlement/orgId' },
    () => metering.orgId,
    () => settlement.orgId,
  )
  if (typeof settlement.currency !== 'string' || !/^[A-Z]{3}$/.test(settlement.currency)) {
    report.malformed('currency must match ^[A-Z]{3}$', { path: '/settlement/currency' })
  }
  const meterGross = isObj(settlement.meterGross) ? settlement.meterGross : null
  if (meterGross === null) report.malformed('meterGross must be an object', { path: '/settlement/meterGross' })
  const lines = settlement.lines
  if (!Array.isArray(lines)) {
    report.malformed('settlement.lines must be an array', { path: '/settlement/lines' })
    return
  }
  interface Member {
    index: number
    role: string
    share: bigint | null
    amount: number | null
  }
  const groups = new Map<string, Member[]>()
  let grossCents = 0
  let netToTenantCents = 0
  let platformFeeCents = 0
  lines.forEach((raw, index) => {
    const at = (field?: string) => ({ path: pointer('settlement', 'lines', index, ...(field ? [field] : [])) })
    if (!isObj(raw)) {
      report.malformed('the settlement line is not an object', at())
      return
    }
    const line = raw
    const meterKey = typeof line.meterRecordIdemKey === 'string' ? line.meterRecordIdemKey : null
    if (meterKey === null) report.malformed('meterRecordIdemKey must be a string', at('meterRecordIdemKey'))
    const role = typeof line.partyRole === 'string' && PARTY_ROLE_SET.has(line.partyRole) ? line.partyRole : null
    if (role === null) report.malformed(`partyRole ${show(line.partyRole)} is unknown`, at('partyRole'))
    if (typeof line.ledgerAccountCode !== 'string') {
      report.malformed('ledgerAccountCode must be a string', at('ledgerAccountCode'))
    }
    const share = decimal6(line.share)
    if (share === null) report.malformed('share must be a 6-dp decimal string', at('share'))
    const amount = isCount(line.amountCents) ? line.amountCents : null
    if (amount === null) report.malformed('amountCents must be an integer >= 0', at('amountCents'))
    if (!LINE_STATUS.has(String(line.status))) report.malformed(`status ${show(line.status)} is unknown`, at('status'))
    if (meterKey !== null && role !== null && (version === 'settlement.v1' || version === 'settlement.v2')) {
      const expected =
        version === 'settlement.v1'
          ? sha256Hex(`${meterKey}|${role}`)
          : sha256Hex(`${meterKey}|${role}|${String(line.ledgerAccountCode)}`)
      report.check(
        'SETTLEMENT_IDEM_KEY_MISMATCH',
        line.idemKey === expected,
        `idemKey is the ${version} hash`,
        at('idemKey'),
        () => expected,
        () => line.idemKey,
      )
    }
    report.check(
      'SETTLEMENT_CURRENCY_MISMATCH',
      line.currency === settlement.currency,
      "the line's currency is the settlement's",
      at('currency'),
      () => settlement.currency,
      () => line.currency,
    )
    const known = meterKey !== null && meterKeys.has(meterKey)
    report.check(
      'SETTLEMENT_LINE_FOR_UNKNOWN_METER',
      known,
      known ? 'meterRecordIdemKey is a metering record of the pack' : `meter ${show(meterKey)} is not in the metering`,
      at('meterRecordIdemKey'),
    )
    if (!known || meterKey === null) return
    const group = groups.get(meterKey) ?? []
    group.push({ index, role: role ?? '', share, amount })
    groups.set(meterKey, group)
    if (amount !== null) {
      grossCents += amount
      if (role === 'TENANT') netToTenantCents += amount
      if (role === 'PLATFORM') platformFeeCents += amount
    }
  })
  for (const [meterKey, group] of groups) {
    const first = group[0]
    if (first === undefined || group.some((member) => member.share === null || member.role === '')) continue
    const sum = group.reduce((total, member) => total + (member.share ?? 0n), 0n)
    const sharesOk = report.check(
      'SETTLEMENT_SHARE_SUM_NOT_ONE',
      sum === MICRO,
      `the shares of meter ${meterKey.slice(0, 12)}… sum to 1`,
      { path: pointer('settlement', 'lines', first.index, 'share') },
      () => '1.000000',
      () => formatDecimal6(sum),
    )
    // Amounts are defined only for a valid split.
    if (!sharesOk || meterGross === null) continue
    const gross = meterGross[meterKey]
    if (!isCount(gross)) {
      report.check('SETTLEMENT_AMOUNT_MISMATCH', false, `meterGross has no integer entry for meter ${meterKey}`, {
        path: pointer('settlement', 'meterGross', meterKey),
      })
      continue
    }
    const expected = floorSplit(
      BigInt(gross),
      group.map((member) => ({ role: member.role, share: member.share ?? 0n })),
    )
    group.forEach((member, position) => {
      const want = expected[position]
      report.check(
        'SETTLEMENT_AMOUNT_MISMATCH',
        member.amount !== null && BigInt(member.amount) === want,
        `amountCents is the ${member.role} floor split of ${gross}`,
        { path: pointer('settlement', 'lines', member.index, 'amountCents') },
        () => String(want),
        () => member.amount,
      )
    })
  }
  const totals = settlement.totals
  if (!isObj(totals)) {
    report.malformed('settlement.totals must be an object', { path: '/settlement/totals' })
    return
  }
  const expectedTotals = { grossCents, netToTenantCents, platformFeeCents }
  for (const [field, expected] of Object.entries(expectedTotals)) {
    report.check(
      'SETTLEMENT_TOTAL_MISMATCH',
      totals[field] === expected,
      `totals.${field} is the sum of its lines`,
      { path: pointer('settlement', 'totals', field) },
      () => expected,
      () => totals[field],
    )
  }
  if (!isCount(totals.vatCents))
    report.malformed('vatCents must be an integer >= 0', { path: '/settlement/totals/vatCents' })
  const codes = totals.passThroughFeeLedgerCodes
  if (!Array.isArray(codes) || codes.some((code) => typeof code !== 'string')) {
    report.malformed('passThroughFeeLedgerCodes must be an array of strings', {
      path: '/settlement/totals/passThroughFeeLedgerCodes',
    })
  }
}

/**
 * Verifies packs sealed in series (oldest first) for one org: each pack is verified with the previous pack's id,
 * last afterHash and nonces; the first as an org's first pack (genesis, previousPackId null). One report per pack.
 */
export function verifyPackSeries(packs: readonly ProofPack[], keyDirectory: KeyDirectory): VerificationReport[] {
  const nonces: string[] = []
  let prior: ProofPack | null = null
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

/** Context for {@link verifyProvenance}. */
export interface ProvenanceVerifyOptions {
  /**
   * The current state of rights, e.g. `[right]` from `GET /v1/rights/{id}`: for each one (matched on `id`), the
   * latest provenanceAfterHash of its chain must be its contentHash (CONTENT_HASH_MISMATCH).
   */
  subjects?: readonly Readonly<Record<string, unknown>>[]
}

/**
 * Verifies rightProvenance.v1 records (in chain order) against a key directory: payloadCanonical recomputed from the
 * fields, the Ed25519 signature over the recomputed payloadCanonical (inferred: it already ends with the keyId),
 * the signer key at occurredAt, and per right the chain: the first record's beforeHash is null, every later one the
 * previous record's afterHash, occurredAt never decreasing. Uses the pack reason codes.
 */
export function verifyProvenance(
  records: readonly ProvenanceRecord[],
  keyDirectory: KeyDirectory,
  options: ProvenanceVerifyOptions = {},
): VerificationReport {
  const report = new Report(null)
  const keys = new KeyLookup(keyDirectory, report)
  const last = new Map<string, { afterHash: unknown; occurredAt: number | null }>()
  const input: unknown = records
  if (!Array.isArray(input)) {
    report.malformed('provenance must be an array', { path: '' })
    return report.finish()
  }
  input.forEach((raw: unknown, index) => {
    const at = (field?: string) => ({ recordIndex: index, path: pointer(index, ...(field ? [field] : [])) })
    if (!isObj(raw)) {
      report.malformed('the provenance record is not an object', at())
      return
    }
    const record = raw
    const nullableString = (field: string) => record[field] === null || typeof record[field] === 'string'
    for (const field of ['proofId', 'orgId', 'signerKeyId', 'payloadCanonical', 'signature'] as const) {
      if (typeof record[field] !== 'string') report.malformed(`${field} must be a string`, at(field))
    }
    for (const field of ['rightId', 'basisId', 'offerId'] as const) {
      if (!nullableString(field)) report.malformed(`${field} must be a string or null`, at(field))
    }
    for (const field of ['provenanceBeforeHash', 'provenanceAfterHash'] as const) {
      if (record[field] !== null && !(typeof record[field] === 'string' && SHA256_PREFIXED.test(record[field]))) {
        report.malformed(`${field} must be "sha256:<64 hex>" or null`, at(field))
      }
    }
    if (!PROVENANCE_EVENTS.has(String(record.provenanceEventType))) {
      report.malformed(`provenanceEventType ${show(record.provenanceEventType)} is unknown`, at('provenanceEventType'))
    }
    const occurredAt = parseTimestamp(record.occurredAt)
    if (occurredAt === null) report.malformed('occurredAt must be a timestamp', at('occurredAt'))
    report.check(
      'UNSUPPORTED_ALGORITHM',
      record.signatureAlgorithm === 'ed25519',
      'signatureAlgorithm is ed25519',
      at('signatureAlgorithm'),
    )
    const part = (value: unknown) => (value === null || value === '' || value === undefined ? '-' : String(value))
    const canonical = [
      'rightProvenance.v1',
      record.orgId,
      record.provenanceEventType,
      record.rightId,
      record.basisId,
      record.offerId,
      record.provenanceBeforeHash,
      record.provenanceAfterHash,
      record.signerKeyId,
    ]
      .map(part)
      .join('|')
    report.check(
      'PAYLOAD_CANONICAL_MISMATCH',
      record.payloadCanonical === canonical,
      'payloadCanonical is rightProvenance.v1|orgId|eventType|rightId|basisId|offerId|before|after|keyId',
      at('payloadCanonical'),
      () => canonical,
      () => record.payloadCanonical,
    )
    const signatureWellFormed = fromBase64UrlStrict(record.signature, 64) !== null
    report.check(
      'SIGNATURE_MALFORMED',
      signatureWellFormed,
      'signature is unpadded base64url of 64 bytes',
      at('signature'),
    )
    const keyId = typeof record.signerKeyId === 'string' ? record.signerKeyId : null
    const key = keyId === null ? null : keys.lookup(keyId, at('signerKeyId'))
    if (key !== null && key !== 'unusable' && occurredAt !== null) {
      checkKeyWindow(report, key, occurredAt, String(record.occurredAt), at('signerKeyId'))
    }
    if (key !== null && key !== 'unusable' && key.usable !== null && signatureWellFormed) {
      const valid = verifyText(key.usable, canonical, String(record.signature))
      report.check('SIGNATURE_INVALID', valid, `signature verifies under ${keyId}`, {
        ...at('signature'),
        keyId: keyId ?? '',
      })
    }
    const rightId = typeof record.rightId === 'string' && record.rightId !== '' ? record.rightId : null
    const previous = rightId === null ? undefined : last.get(rightId)
    if (previous === undefined) {
      report.check(
        'GENESIS_BEFORE_HASH_NOT_NULL',
        record.provenanceBeforeHash === null,
        "the first record of a right's chain has a null provenanceBeforeHash",
        at('provenanceBeforeHash'),
        () => null,
        () => record.provenanceBeforeHash,
      )
    } else {
      report.check(
        'CHAIN_LINK_MISMATCH',
        record.provenanceBeforeHash === previous.afterHash,
        "provenanceBeforeHash is the right's previous provenanceAfterHash",
        at('provenanceBeforeHash'),
        () => previous.afterHash,
        () => record.provenanceBeforeHash,
      )
      if (occurredAt !== null && previous.occurredAt !== null) {
        report.check(
          'CHAIN_OUT_OF_ORDER',
          occurredAt >= previous.occurredAt,
          "occurredAt is not earlier than the right's previous event",
          at('occurredAt'),
        )
      }
    }
    if (rightId !== null) last.set(rightId, { afterHash: record.provenanceAfterHash, occurredAt })
  })
  for (const subject of options.subjects ?? []) {
    const id = typeof subject.id === 'string' ? subject.id : null
    const chain = id === null ? undefined : last.get(id)
    if (id === null || chain === undefined) continue
    const expected = contentHash(subject)
    report.check(
      'CONTENT_HASH_MISMATCH',
      chain.afterHash === expected,
      `the latest provenanceAfterHash of ${id} is its contentHash`,
      { path: '' },
      () => expected,
      () => chain.afterHash,
    )
  }
  return report.finish()
}
