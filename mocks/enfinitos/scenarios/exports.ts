/**
 * Signed-export scenarios: one per tampering of the export catalogue. With `export=true` the metering and settlement
 * endpoints serve the export tampered (still valid against the MeteringExport / SettlementExport schemas); the plain
 * summaries are left alone.
 */
import type { Scenario } from '../../core/scenarios.js'
import type { SignedExport } from '../proof/export.js'
import { EXPORT_TAMPERINGS, type ExportTampering } from '../proof/export-tamper.js'
import { editSuccess } from './actions.js'

const isExport = (data: object): data is SignedExport => 'envelopeVersion' in data

function tamperedExportScenario(t: ExportTampering): Scenario {
  return {
    name: `enfinitos:exports.tampered.${t.name}`,
    description: `Signed exports (export=true) are served tampered (${t.description}); an auditor reports ${t.expected.join(', ')}.`,
    provider: 'enfinitos',
    operations: {
      ...editSuccess('getMetering', (body, call) =>
        isExport(body.data)
          ? { body: { ...body, data: t.apply(body.data, call.state.ring) as typeof body.data } }
          : { body },
      ),
      ...editSuccess('getSettlement', (body, call) =>
        isExport(body.data)
          ? { body: { ...body, data: t.apply(body.data, call.state.ring) as typeof body.data } }
          : { body },
      ),
    },
  }
}

export const exportScenarios: Scenario[] = EXPORT_TAMPERINGS.map(tamperedExportScenario)
