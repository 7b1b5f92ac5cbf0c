import { describe, expect, it } from 'vitest'
import {
  ALL_REASON_CODES,
  buildSampleChain,
  failedChecks,
  type KeyDirectory,
  meterIdemKey,
  type ProofPack,
  REASON_CODES,
  verifyPack,
  verifyPackChain,
} from '../mocks/enfinitos/index.js'

const chain = buildSampleChain({ seed: 'verify', packs: 2, deliveriesPerPack: 4 })
const [pack, second] = chain.packs as [ProofPack, ProofPack]
const directory = chain.keyDirectory

describe('verification report', () => {
  it('lists passing checks too, with their reason code, record index and JSON pointer', () => {
    const report = verifyPack(pack, directory)
    expect(report).toMatchObject({ ok: true, packId: pack.packId, failures: [] })
    expect(report.checks.every((c) => c.ok && typeof c.message === 'string' && c.message.length > 0)).toBe(true)
    const forRecord1 = report.checks.filter((c) => c.recordIndex === 1).map((c) => c.code)
    expect(forRecord1).toEqual([
      'UNSUPPORTED_ALGORITHM',
      'PAYLOAD_CANONICAL_MISMATCH',
      'AFTER_HASH_MISMATCH',
      'SIGNATURE_MALFORMED',
      'UNKNOWN_KEY_ID',
      'KEY_OUTSIDE_VALIDITY_WINDOW',
      'KEY_REVOKED_BEFORE_ISSUANCE',
      'SIGNATURE_INVALID',
      'CHAIN_LINK_MISMATCH',
      'CHAIN_OUT_OF_ORDER',
      'CHAIN_NONCE_REUSED',
      'RECEIPT_ID_REUSED',
    ])
    expect(report.checks.find((c) => c.code === 'SIGNATURE_INVALID')?.path).toBe('/records/0/signature')
    expect(report.checks.find((c) => c.code === 'METER_TOTAL_MISMATCH')?.path).toBe('/metering/totals/DWELL_SECONDS')
  })

  it('failed checks carry expected and actual values; failures are distinct and sorted', () => {
    const broken = structuredClone(pack)
    const record = broken.records[2]
    if (record) record.afterHash = '0'.repeat(64)
    const report = verifyPack(broken, directory)
    expect(report.failures).toEqual(['AFTER_HASH_MISMATCH', 'CHAIN_LINK_MISMATCH'])
    expect(failedChecks(report)[0]).toEqual({
      code: 'AFTER_HASH_MISMATCH',
      ok: false,
      message: 'afterHash is sha256 of the canonical payload',
      recordIndex: 2,
      path: '/records/2/afterHash',
      expected: pack.records[2]?.afterHash,
      actual: '0'.repeat(64),
    })
  })

  it('every reason code is documented', () => {
    expect(ALL_REASON_CODES).toHaveLength(30)
    for (const code of ALL_REASON_CODES) expect(REASON_CODES[code].length).toBeGreaterThan(10)
  })
})

describe('verifier semantics beyond the tamper table', () => {
  it('checks the chain link and nonces against the prior pack when asked', () => {
    const prior = { priorAfterHash: pack.records[pack.records.length - 1]?.afterHash ?? null }
    expect(verifyPack(second, directory, prior).ok).toBe(true)
    const nonce = second.records[1]?.payload.nonce ?? ''
    expect(verifyPack(second, directory, { ...prior, priorNonces: [nonce] }).failures).toEqual(['CHAIN_NONCE_REUSED'])
    expect(verifyPack(second, directory, { priorAfterHash: 'f'.repeat(64) }).failures).toEqual(['CHAIN_LINK_MISMATCH'])
  })

  it('verifies a series in order and flags a pack out of its place', () => {
    expect(verifyPackChain([pack, second], directory).map((r) => r.failures)).toEqual([[], []])
    expect(verifyPackChain([second, pack], directory).map((r) => r.failures)).toEqual([
      ['GENESIS_BEFORE_HASH_NOT_NULL'],
      ['CHAIN_LINK_MISMATCH'],
    ])
  })

  it('says what to pass when a later pack is verified alone as if it were the first', () => {
    const genesis = failedChecks(verifyPack(second, directory)).find((c) => c.code === 'GENESIS_BEFORE_HASH_NOT_NULL')
    expect(genesis?.message).toMatch(/continues a series/)
    expect(genesis?.message).toMatch(/priorAfterHash/)
    expect(genesis?.message).toMatch(/verifyPackChain/)
    expect(genesis?.path).toBe('/records/0/beforeHash')
  })

  it('links a series by hashes alone: a pack from another series breaks the chain where it joins', () => {
    const stranger = buildSampleChain({ seed: 'other', orgId: pack.orgId, packs: 1, deliveriesPerPack: 2 }).packs[0]
    const reports = verifyPackChain([pack, second, ...(stranger ? [stranger] : [])], directory)
    expect(reports[2]?.failures).toContain('CHAIN_LINK_MISMATCH')
  })

  it('reports an org mismatch between pack, metering and settlement', () => {
    const broken = structuredClone(pack)
    broken.metering.orgId = 'org_ffffffffffffffff'
    expect(verifyPack(broken, directory).failures).toEqual(['ORG_MISMATCH'])
  })

  it('rejects a CUSTOM unit type as unauditable', () => {
    const broken = structuredClone(pack)
    const meter = broken.metering.records[1]
    if (!meter) throw new Error('no meter')
    ;(meter as { unitType: string }).unitType = 'CUSTOM'
    meter.idemKey = meterIdemKey(meter.proofReceiptId, 'CUSTOM' as never)
    const failures = verifyPack(broken, directory).failures
    expect(failures).toContain('UNSUPPORTED_UNIT_TYPE')
    expect(failures).not.toContain('METER_IDEM_KEY_MISMATCH')
  })

  it('reports a meter record whose receipt is not in the pack', () => {
    const broken = structuredClone(pack)
    const meter = broken.metering.records[0]
    if (!meter) throw new Error('no meter')
    meter.proofReceiptId = 'rec_0000000000000000'
    expect(verifyPack(broken, directory).failures).toContain('METER_RECORD_FOR_UNKNOWN_PROOF')
  })

  it('reports a line in another currency', () => {
    const broken = structuredClone(pack)
    const line = broken.settlement.lines[0]
    if (line) line.currency = 'EUR'
    expect(verifyPack(broken, directory).failures).toEqual(['SETTLEMENT_CURRENCY_MISMATCH'])
  })

  it('reports unusable directory entries once, and never throws on garbage', () => {
    const duplicated: KeyDirectory = { ...directory, keys: [...directory.keys, ...directory.keys] }
    const report = verifyPack(pack, duplicated)
    expect(report.failures).toEqual(['KEY_DIRECTORY_INVALID'])
    expect(report.checks.filter((c) => c.code === 'KEY_DIRECTORY_INVALID')).toHaveLength(1)
    for (const garbage of [
      null,
      42,
      {},
      { records: 'x' },
      { ...pack, records: [null, 1] },
      { ...pack, metering: null },
    ]) {
      const r = verifyPack(garbage as never, directory)
      expect(r.ok).toBe(false)
      expect(r.failures).toContain('FIELD_MALFORMED')
    }
    expect(verifyPack(pack, null as never).failures).toContain('KEY_DIRECTORY_INVALID')
  })

  it('reports a payload with a wrong type or an extra key as FIELD_MALFORMED', () => {
    const broken = structuredClone(pack)
    const record = broken.records[0]
    if (!record) throw new Error('no record')
    ;(record.payload as unknown as Record<string, unknown>).extra = 1
    expect(verifyPack(broken, directory).failures).toEqual(['FIELD_MALFORMED'])
  })
})
