/**
 * The dashboard's audit of a session's proof packs (the provider capability of mocks/core/pack-audit.ts): the packs and
 * the key directory are read through the session's own API (`GET /v1/proof-packs`, `GET /v1/runtime-keys`, with the
 * sandbox key), so the active scenarios apply and a tampered pack is audited exactly as a client receives it; then the
 * independent verifier (./proof/verify.ts) checks them in series. The report names every failed check with its record
 * and JSON pointer, and shows each pack's chain, metering and settlement totals (the admin spec's `PackAudit` schema).
 */
import type { AskProvider, PackAudit, PackAuditReport } from '../core/pack-audit.js'
import { SANDBOX_API_KEY } from './conformance.js'
import type { VerificationCheck, VerificationReport } from './proof/verify.js'
import { type VerifiableKeyDirectory, type VerifiablePack, verifyPack } from './proof/verify.js'

/** Bounds that keep an audit's answer small whatever the world's size. */
export const MAX_AUDITED_PACKS = 50
export const MAX_AUDITED_RECORDS = 200
/** Failed checks listed per pack (the rest are counted in `failures`). */
export const MAX_FINDINGS = 200

/** A check the verifier made that failed (passed checks are only counted): the verifier's own fields, less `ok`. */
export type AuditFinding = Omit<VerificationCheck, 'ok'>

export interface AuditedRecord {
  index: number
  receiptId: string | null
  keyId: string | null
  issuedAt: string | null
  beforeHash: string | null
  afterHash: string | null
}

export interface AuditedPack {
  packId: string | null
  label: string | null
  issuedAt: string | null
  ok: boolean
  /** Distinct codes of the failed checks, sorted. */
  failures: string[]
  /** Checks that passed. */
  passed: number
  findings: AuditFinding[]
  recordCount: number
  /** The first records (at most `MAX_AUDITED_RECORDS`), plus every record a finding names. */
  records: AuditedRecord[]
  metering: { records: number; totals: Record<string, string> }
  settlement: { lines: number; currency: string | null; totals: Record<string, unknown> }
}

/** The EnfinitOS audit report (a type alias, so it fits the core's open `PackAuditReport`). */
export type EnfinitosPackAuditReport = PackAuditReport & {
  /** Oldest first, as they chain. */
  packs: AuditedPack[]
  /** Packs the provider holds beyond those audited (the audit reads at most `MAX_AUDITED_PACKS`). */
  omitted: number
  /** The requests made, in order, with their answers' status and the scenario that answered. */
  requests: { path: string; status: number; scenario: string | null }[]
}

type Report = EnfinitosPackAuditReport
type Json = Record<string, unknown>

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const AUTH = { authorization: `Bearer ${SANDBOX_API_KEY}` }
/** Pages read at most (each holds up to 200 packs, fewer when they are big). */
const MAX_PAGES = 10

interface Read {
  packs: VerifiablePack[]
  total: number
  keys: VerifiableKeyDirectory | null
  requests: Report['requests']
  error: string | null
}

async function readServed(ask: AskProvider): Promise<Read> {
  const read: Read = { packs: [], total: 0, keys: null, requests: [], error: null }
  const get = async (path: string): Promise<Json | null> => {
    const answer = await ask(path, AUTH)
    read.requests.push({ path, status: answer.status, scenario: answer.scenario })
    if (answer.status === 200 && isObj(answer.body) && isObj(answer.body.data)) return answer.body.data
    read.error ??= `GET ${path} answered ${answer.status}${answer.scenario ? ` (scenario ${answer.scenario})` : ''}`
    return null
  }
  let cursor: number | null = 0
  for (let page = 0; page < MAX_PAGES && cursor !== null && read.packs.length < MAX_AUDITED_PACKS; page++) {
    const data = await get(`/v1/proof-packs?limit=${MAX_AUDITED_PACKS}&cursor=${cursor}`)
    if (!data) return read
    const packs = Array.isArray(data.proofPacks) ? (data.proofPacks as VerifiablePack[]) : []
    read.packs.push(...packs.slice(0, MAX_AUDITED_PACKS - read.packs.length))
    read.total = typeof data.total === 'number' ? data.total : read.packs.length
    cursor = typeof data.nextCursor === 'number' && packs.length > 0 ? data.nextCursor : null
  }
  read.keys = (await get('/v1/runtime-keys')) as VerifiableKeyDirectory | null
  return read
}

function findingOf(check: VerificationCheck): AuditFinding {
  const { ok: _ok, ...finding } = check
  return finding
}

/** The record a finding concerns: its recordIndex, or the index in a `/records/<i>/...` pointer. */
export function recordOf(finding: AuditFinding): number | undefined {
  if (finding.recordIndex !== undefined) return finding.recordIndex
  const m = /^\/records\/(\d+)(\/|$)/.exec(finding.path ?? '')
  return m ? Number(m[1]) : undefined
}

function recordView(record: unknown, index: number): AuditedRecord {
  const r = isObj(record) ? record : {}
  const payload = isObj(r.payload) ? r.payload : {}
  return {
    index,
    receiptId: str(payload.receiptId),
    keyId: str(r.keyId),
    issuedAt: str(payload.issuedAt),
    beforeHash: str(r.beforeHash),
    afterHash: str(r.afterHash),
  }
}

function packView(pack: VerifiablePack, report: VerificationReport): AuditedPack {
  const p = pack as unknown as Json
  const records = Array.isArray(p.records) ? p.records : []
  const failed = report.checks.filter((c) => !c.ok)
  const findings = failed.slice(0, MAX_FINDINGS).map(findingOf)
  const named = new Set(findings.map(recordOf).filter((i): i is number => i !== undefined))
  const shown = records.flatMap((r, i) => (i < MAX_AUDITED_RECORDS || named.has(i) ? [recordView(r, i)] : []))
  const metering = isObj(p.metering) ? p.metering : {}
  const settlement = isObj(p.settlement) ? p.settlement : {}
  return {
    packId: report.packId,
    label: str(p.label),
    issuedAt: str(p.issuedAt),
    ok: report.ok,
    failures: report.failures,
    passed: report.checks.length - failed.length,
    findings,
    recordCount: records.length,
    records: shown,
    metering: {
      records: Array.isArray(metering.records) ? metering.records.length : 0,
      totals: isObj(metering.totals) ? (metering.totals as Record<string, string>) : {},
    },
    settlement: {
      lines: Array.isArray(settlement.lines) ? settlement.lines.length : 0,
      currency: str(settlement.currency),
      totals: isObj(settlement.totals) ? settlement.totals : {},
    },
  }
}

function firstBeforeHash(pack: VerifiablePack | undefined): string | null {
  const records = (pack as unknown as Json | undefined)?.records
  const first: unknown = Array.isArray(records) ? records[0] : undefined
  return isObj(first) ? str(first.beforeHash) : null
}

/**
 * Verifies packs in series, oldest first. When older packs were left out, the first one audited is checked from its
 * own first beforeHash (its link to the pack before it cannot be checked); otherwise as the org's first pack.
 */
function verifySeries(packs: VerifiablePack[], keys: VerifiableKeyDirectory, complete: boolean): AuditedPack[] {
  const nonces: string[] = []
  let prior = complete ? null : firstBeforeHash(packs[0])
  return packs.map((pack) => {
    const report = verifyPack(pack, keys, { priorAfterHash: prior, priorNonces: nonces })
    const records = (Array.isArray(pack.records) ? pack.records : []) as unknown[]
    for (const r of records) {
      const nonce = isObj(r) && isObj(r.payload) ? r.payload.nonce : undefined
      if (typeof nonce === 'string') nonces.push(nonce)
    }
    const last = records[records.length - 1]
    prior = isObj(last) ? str(last.afterHash) : null
    return packView(pack, report)
  })
}

/** Shown by the dashboard while a session has no pack yet: the request that seals one. */
const SEAL_HINT = 'seal one: POST /v1/proof-packs/seal'

export const enfinitosPackAudit = {
  title: 'proof packs',
  async run(ask: AskProvider): Promise<Report> {
    const read = await readServed(ask)
    const omitted = Math.max(0, read.total - read.packs.length)
    const { title } = this
    if (read.error || !read.keys) {
      return { title, ok: false, hint: SEAL_HINT, packs: [], omitted, requests: read.requests, error: read.error }
    }
    const packs = verifySeries([...read.packs].reverse(), read.keys, omitted === 0)
    const ok = packs.every((p) => p.ok)
    return { title, ok, hint: SEAL_HINT, packs, omitted, requests: read.requests, error: null }
  },
} satisfies PackAudit
