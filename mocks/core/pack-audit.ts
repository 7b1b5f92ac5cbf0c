/**
 * What a provider that seals signed record packs (chained receipts, metering and settlement totals) offers the
 * dashboard: an audit of the packs a session's API serves now, by its own independent verifier. Provider-neutral:
 * the adapter asks the provider's API through `ask` (so the active scenarios apply, a tampered pack is audited as a
 * client receives it) and shows the report; the provider knows its paths, credentials and verifier.
 */

/** One GET through the engine into the session being audited; the answer's status and parsed JSON body. */
export type AskProvider = (
  pathAndQuery: string,
  headers: Record<string, string>,
) => Promise<{ status: number; body: unknown; scenario: string | null }>

/** A check the verifier made that failed (passed checks are only counted). */
export interface AuditFinding {
  code: string
  message: string
  /** The record concerned, by index into the pack's records. */
  recordIndex?: number
  /** JSON pointer into the pack, e.g. `/records/0/afterHash`, `/metering/totals/DWELL_SECONDS`. */
  path?: string
  keyId?: string
  expected?: string
  actual?: string
}

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

export interface PackAuditReport {
  provider: string
  /** What the packs are called by the provider, e.g. `proof packs`. */
  title: string
  ok: boolean
  /** Oldest first, as they chain. */
  packs: AuditedPack[]
  /** Packs the provider holds beyond those audited (the audit reads at most `MAX_AUDITED_PACKS`). */
  omitted: number
  /** The requests made, in order, with their answers' status and the scenario that answered. */
  requests: { path: string; status: number; scenario: string | null }[]
  /** Why there is no verdict (the API refused a request, e.g. an active rate-limit scenario); null otherwise. */
  error: string | null
}

export interface PackAudit {
  title: string
  run(ask: AskProvider): Promise<Omit<PackAuditReport, 'provider'>>
}

/** A provider with a pack audit (`Provider` plus this optional member). */
export interface PackAuditing {
  packAudit?: PackAudit
}

/** Bounds that keep an audit's answer small whatever the world's size. */
export const MAX_AUDITED_PACKS = 50
export const MAX_AUDITED_RECORDS = 200
/** Failed checks listed per pack (the rest are counted in `failures`). */
export const MAX_FINDINGS = 200
