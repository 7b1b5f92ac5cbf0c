/**
 * getMetering, getSettlement: the receipts issued in [periodStart, periodEnd) metered (proof core's
 * meteringForPeriod: the tariff's plan) and settled (settlementForPeriod, settlement.v2, currency default GBP).
 * periodEnd must not be before periodStart (400 naming /query/periodEnd; equal is an empty period, inferred). With `export=true` the summary comes as a signed
 * `export.v1` envelope instead, signed by the directory's current key at the session clock's now.
 */
import type { MockResponse } from '../../core/types.js'
import { fail, ok } from '../envelope.js'
import { EXPORT_KINDS, signExport } from '../proof/export.js'
import { meteringForPeriod } from '../proof/metering.js'
import { settlementForPeriod } from '../proof/settlement.js'
import { DEFAULT_TARIFF } from '../proof/tariff.js'
import type { Metering, Settlement } from '../proof/types.js'
import { msOf } from '../time.js'
import { type Call, isResponse, timestampAt } from './shared.js'

function period(call: Call): { periodStart: string; periodEnd: string } | MockResponse {
  const periodStart = timestampAt(String(call.query.periodStart), '/query/periodStart')
  if (isResponse(periodStart)) return periodStart
  const periodEnd = timestampAt(String(call.query.periodEnd), '/query/periodEnd')
  if (isResponse(periodEnd)) return periodEnd
  if (msOf(periodEnd) < msOf(periodStart)) {
    return fail(
      400,
      `periodEnd ${periodEnd} must not be before periodStart ${periodStart}`,
      '/query/periodEnd',
      'must not be before periodStart',
    )
  }
  return { periodStart, periodEnd }
}

/** The summary as asked: plain under `name`, or (`export=true`) as the whole `data`, a signed export.v1 envelope. */
function answer<T extends Metering | Settlement>(call: Call, name: 'metering' | 'settlement', summary: T) {
  if (call.query.export !== true) return ok({ [name]: summary })
  const exportedAt = call.clock.iso()
  return ok(
    signExport(EXPORT_KINDS[name], summary, {
      orgId: call.state.orgId,
      exportedAt,
      key: call.state.ring.signerAt(exportedAt),
    }),
  )
}

export const meteringBehaviours = {
  getMetering(call: Call) {
    const p = period(call)
    if (isResponse(p)) return p
    return answer(call, 'metering', meteringForPeriod(call.state.receipts, { orgId: call.state.orgId, ...p }))
  },

  getSettlement(call: Call) {
    const p = period(call)
    if (isResponse(p)) return p
    const currency = typeof call.query.currency === 'string' ? call.query.currency : DEFAULT_TARIFF.currency
    const summary = settlementForPeriod(call.state.receipts, { orgId: call.state.orgId, ...p, currency })
    return answer(call, 'settlement', summary)
  },
}
