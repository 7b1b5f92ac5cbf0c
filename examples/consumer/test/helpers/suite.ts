// The service's behaviour, written once and run in both modes (in-process and against `standin serve`).
import { expect, it } from 'vitest'
import { DeliveryReportingService, PackVerificationError, ProviderError, type ReportRequest } from '../../src/index.js'
import type { Harness } from './harness.js'

export const RUN: ReportRequest = {
  basis: {
    kind: 'CONTRACTUAL',
    description: 'Westminster street-furniture advertising licence',
    effectiveFrom: '2026-04-01T00:00:00.000Z',
  },
  right: { substrate: 'DOOH', scope: 'Greater London', effectiveFrom: '2026-04-01T00:00:00.000Z' },
  deliveries: [
    { spatialAnchorId: 'anchor_kings_cross_concourse_03', spatialPlacementId: 'placement_kx_6sheet_12', dwellMs: 3500 },
    {
      spatialAnchorId: 'anchor_kings_cross_concourse_03',
      spatialPlacementId: 'placement_kx_6sheet_12',
      dwellMs: 12_000,
    },
    { spatialAnchorId: 'anchor_oxford_circus_exit_2', dwellMs: 800, telemetry: { speedMph: 2.5 } },
  ],
}

/** The reason codes the verifier gives for `enfinitos:proof-packs.tampered.payload-edited` (sorted). */
export const PAYLOAD_EDITED_FAILURES = [
  'AFTER_HASH_MISMATCH',
  'METER_TOTAL_MISMATCH',
  'METER_UNIT_COUNT_MISMATCH',
  'PAYLOAD_CANONICAL_MISMATCH',
  'SIGNATURE_INVALID',
]

const TEN_HOURS_AND_A_SECOND = 10 * 3600 * 1000 + 1000

export function serviceBehaviour(harness: Harness): void {
  it('reports a run: a verified pack, the settlement totals and the notarized pack hash', async () => {
    const report = await new DeliveryReportingService(harness.config()).report(RUN)

    expect(report.basisId).toMatch(/^bas_[0-9a-f]{16}$/)
    expect(report.rightId).toMatch(/^rgh_[0-9a-f]{16}$/)
    expect(report.receiptIds).toHaveLength(3)
    expect(report.pack.records).toBe(6) // the three deliveries the seeded world observed before, then ours
    expect(report.pack.priorAfterHash).toMatch(/^[0-9a-f]{64}$/) // the seeded world already holds a sealed pack
    expect(report.verification).toMatchObject({ ok: true, failures: [] })
    expect(report.verification.checks).toBeGreaterThan(20)
    // Same seed and clock, same figures in both modes: the tariff's prices over the six receipts of the pack's period.
    expect(report.settlement).toMatchObject({
      currency: 'GBP',
      periodEnd: report.pack.issuedAt,
      totals: { grossCents: 131, netToTenantCents: 98, platformFeeCents: 4, vatCents: 0 },
    })
    expect(report.notarization).toMatchObject({ hash: report.pack.sha256, status: 'registered' })
    expect(report.notarization.paymentId).toEqual(expect.any(String))
    expect(await harness.calls('enfinitos', 'observeDelivery', 200)).toBe(3)
    expect(await harness.calls('dedit', 'completeRegistration', 200)).toBe(1)
  })

  it('reports a clear error when EnfinitOS does not know the basis', async () => {
    await harness.use('enfinitos:rights.issue.basis-not-found')
    const run = new DeliveryReportingService(harness.config()).report(RUN)

    await expect(run).rejects.toThrow(ProviderError)
    await expect(run).rejects.toMatchObject({
      provider: 'enfinitos',
      operation: 'issueRight',
      status: 404,
      code: 'NOT_FOUND',
    })
    await expect(run).rejects.toThrow(/^enfinitos issueRight failed: 404 NOT_FOUND: /)
    expect(await harness.calls('enfinitos', 'observeDelivery')).toBe(0)
  })

  it('refuses a tampered pack with the verifier reason codes and does not notarize it', async () => {
    await harness.use('enfinitos:proof-packs.tampered.payload-edited')
    const service = new DeliveryReportingService(harness.config())
    const run = service.report(RUN)

    await expect(run).rejects.toThrow(PackVerificationError)
    await expect(run).rejects.toMatchObject({ failures: PAYLOAD_EDITED_FAILURES })
    expect(await harness.calls('dedit', 'requestRegistration')).toBe(0)
  })

  it('logs in to Dedit again when its token has expired (10 h + 1 s later)', async () => {
    const service = new DeliveryReportingService(harness.config())
    const first = await service.report(RUN)
    await harness.advanceClock(TEN_HOURS_AND_A_SECOND)
    const second = await service.report(RUN)

    expect(second.pack.priorAfterHash).toBe(first.pack.lastAfterHash)
    expect(second.notarization).toMatchObject({ hash: second.pack.sha256, status: 'registered' })
    expect(second.pack.sha256).not.toBe(first.pack.sha256)
    expect(service.notary.logins).toBe(2)
    expect(await harness.calls('dedit', 'requestRegistration', 401)).toBe(1)
    expect(await harness.calls('dedit', 'login', 200)).toBe(2)
  })
}
