// The delivery-reporting service: registers a basis, issues a right on it, records deliveries against the right,
// seals them into a proof pack, verifies the pack EnfinitOS publishes against its public key directory, reports the
// settlement of the pack's period, and notarizes the pack's hash with Dedit.
import { verifyPack } from 'standin/enfinitos'
import { documentHash } from './canonical.js'
import {
  createDeditClient,
  createEnfinitosClient,
  type EnfinitosClient,
  type EnfinitosSchemas,
  enfinitosData,
} from './clients.js'
import type { ServiceConfig } from './config.js'
import { PackVerificationError, ProviderError } from './errors.js'
import { DeditNotary, type Notarization } from './notary.js'

export type ProofPack = EnfinitosSchemas['ProofPack']
export type SettlementTotals = EnfinitosSchemas['SettlementTotals']

export interface BasisInput {
  kind: EnfinitosSchemas['BasisKind']
  description: string
  effectiveFrom: string
  effectiveUntil?: string | null
}

export interface RightInput {
  substrate: EnfinitosSchemas['Substrate']
  scope: string
  effectiveFrom: string
  effectiveUntil?: string | null
}

export interface DeliveryInput {
  spatialAnchorId: string
  spatialPlacementId?: string
  dwellMs: number
  telemetry?: Record<string, unknown>
}

export interface ReportRequest {
  basis: BasisInput
  right: RightInput
  deliveries: DeliveryInput[]
  /** Settlement currency (ISO 4217). Default GBP. */
  currency?: string
}

export interface PackVerification {
  packId: string
  ok: boolean
  /** The reason codes of the failed checks (empty when the pack verifies). */
  failures: string[]
  checks: number
  /** The previous pack's last afterHash the pack was verified against (null: verified as an org's first pack). */
  priorAfterHash: string | null
  pack: ProofPack
}

export interface DeliveryReport {
  basisId: string
  rightId: string
  receiptIds: string[]
  pack: {
    packId: string
    issuedAt: string
    label: string
    records: number
    /** The previous pack's last afterHash, which this pack's first record chains from; null for an org's first. */
    priorAfterHash: string | null
    lastAfterHash: string
    sha256: string
  }
  verification: { ok: boolean; failures: string[]; checks: number }
  settlement: {
    currency: string
    periodStart: string
    periodEnd: string
    lines: number
    totals: SettlementTotals
  }
  notarization: Notarization
}

export class DeliveryReportingService {
  private readonly enfinitos: EnfinitosClient
  readonly notary: DeditNotary

  constructor(config: ServiceConfig) {
    this.enfinitos = createEnfinitosClient(config)
    this.notary = new DeditNotary(createDeditClient(config), config.deditApiKey)
  }

  /** The whole run: throws ProviderError when a provider refuses, PackVerificationError when the pack is bad. */
  async report(request: ReportRequest): Promise<DeliveryReport> {
    const basisId = await this.registerBasis(request.basis)
    const rightId = await this.issueRight(basisId, request.right)
    const receiptIds: string[] = []
    for (const delivery of request.deliveries) receiptIds.push(await this.recordDelivery(rightId, delivery))
    const sealed = await this.sealPack()
    const verification = await this.verifyPublishedPack(sealed.packId)
    if (!verification.ok) throw new PackVerificationError(verification.packId, verification.failures)
    const { pack } = verification
    const settlement = await this.settlement(pack.metering.periodStart, pack.metering.periodEnd, request.currency)
    const sha256 = documentHash(pack)
    const notarization = await this.notary.notarize(sha256, `EnfinitOS proof pack ${pack.packId}`)
    return {
      basisId,
      rightId,
      receiptIds,
      pack: {
        packId: pack.packId,
        issuedAt: pack.issuedAt,
        label: pack.label,
        records: pack.records.length,
        priorAfterHash: verification.priorAfterHash,
        lastAfterHash: pack.records.at(-1)?.afterHash ?? '',
        sha256,
      },
      verification: { ok: verification.ok, failures: verification.failures, checks: verification.checks },
      settlement: {
        currency: settlement.currency,
        periodStart: settlement.periodStart,
        periodEnd: settlement.periodEnd,
        lines: settlement.lines.length,
        totals: settlement.totals,
      },
      notarization,
    }
  }

  async registerBasis(basis: BasisInput): Promise<string> {
    const data = enfinitosData(
      'registerBasis',
      await this.enfinitos.POST('/v1/rights/bases', { body: { effectiveUntil: null, ...basis } }),
    )
    return data.basis.id
  }

  async issueRight(basisId: string, right: RightInput): Promise<string> {
    const data = enfinitosData(
      'issueRight',
      await this.enfinitos.POST('/v1/rights/issue', { body: { effectiveUntil: null, ...right, basisId } }),
    )
    return data.right.id
  }

  /** Records one delivery; returns the id of its signed receipt. */
  async recordDelivery(rightId: string, delivery: DeliveryInput): Promise<string> {
    const data = enfinitosData(
      'observeDelivery',
      await this.enfinitos.POST('/v1/delivery', { body: { ...delivery, rightId } }),
    )
    return data.receipt.payload.receiptId
  }

  /** Seals what was observed since the last seal; an error when there was nothing to seal. */
  async sealPack(): Promise<ProofPack> {
    const data = enfinitosData('sealProofPack', await this.enfinitos.POST('/v1/proof-packs/seal'))
    if (!data.sealed || data.pack === null) {
      throw new ProviderError('enfinitos', 'sealProofPack', 200, 'NOTHING_TO_SEAL', 'no delivery since the last seal')
    }
    return data.pack
  }

  /**
   * Fetches the pack as EnfinitOS publishes it and verifies it under the auditor rules against the public key
   * directory, chained to the previous pack when there is one.
   */
  async verifyPublishedPack(packId: string): Promise<PackVerification> {
    const pack = await this.getPack(packId)
    const keys = enfinitosData('getRuntimeKeys', await this.enfinitos.GET('/v1/runtime-keys'))
    const priorAfterHash = await this.priorAfterHash(pack)
    // The spec's ProofPack types `payload.witness` as unknown where verifyPack's own type says JsonValue; the verifier
    // checks its input structurally anyway, so the pack as served goes in as it is.
    const report = verifyPack(pack as Parameters<typeof verifyPack>[0], keys, { priorAfterHash })
    const failures = [...report.failures]
    return { packId: pack.packId, ok: report.ok, failures, checks: report.checks.length, priorAfterHash, pack }
  }

  /**
   * Packs are linked by hashes alone: the pack sealed before this one is the next one in the listing (newest first),
   * and its last afterHash is what this pack's first record must chain from. Null for an org's first pack.
   */
  async priorAfterHash(pack: ProofPack): Promise<string | null> {
    if (pack.records[0]?.beforeHash === null) return null
    const listed = enfinitosData(
      'listProofPacks',
      await this.enfinitos.GET('/v1/proof-packs', { params: { query: { limit: 200 } } }),
    )
    const at = listed.proofPacks.findIndex((p) => p.packId === pack.packId)
    // Not among the 200 newest: no prior hash to give, so the verifier reports the broken genesis rather than pass.
    if (at < 0) return null
    return listed.proofPacks[at + 1]?.records.at(-1)?.afterHash ?? null
  }

  async settlement(periodStart: string, periodEnd: string, currency = 'GBP') {
    const data = enfinitosData(
      'getSettlement',
      await this.enfinitos.GET('/v1/settlement', { params: { query: { periodStart, periodEnd, currency } } }),
    )
    // The same operation answers a signed export (`export=true`) in another shape; without the flag it is the summary.
    if (!('settlement' in data)) {
      throw new ProviderError('enfinitos', 'getSettlement', 200, 'UNEXPECTED_EXPORT', 'a signed export, not a summary')
    }
    return data.settlement
  }

  private async getPack(packId: string): Promise<ProofPack> {
    const data = enfinitosData(
      'getProofPack',
      await this.enfinitos.GET('/v1/proof-packs/{packId}', { params: { path: { packId } } }),
    )
    return data.proofPack
  }
}
