/**
 * The EnfinitOS scenario catalogue: the hand-written scenarios, the cross-cutting ones every provider has, and one
 * scenario per (operation, declared error status) left uncovered, serving the spec's own example.
 */
import type { Scenario } from '../../core/scenarios.js'
import { crossCuttingScenarios, specErrorScenarios } from '../../core/standard-scenarios.js'
import { enfinitosContract } from '../contract.js'
import { enfinitosAreas } from './areas.js'
import { authScenarios } from './auth.js'
import { exportScenarios } from './exports.js'
import { proofPackScenarios } from './proof-packs.js'
import { rightsScenarios } from './rights.js'
import { runtimeKeyScenarios } from './runtime-keys.js'
import { webhookScenarios } from './webhooks.js'

const handWrittenEnfinitosScenarios: Scenario[] = [
  ...authScenarios,
  ...rightsScenarios,
  ...proofPackScenarios,
  ...exportScenarios,
  ...runtimeKeyScenarios,
]

export const enfinitosScenarios: Scenario[] = [
  ...handWrittenEnfinitosScenarios,
  ...webhookScenarios,
  ...crossCuttingScenarios('enfinitos', 'EnfinitOS'),
  ...specErrorScenarios('enfinitos', enfinitosContract, enfinitosAreas, handWrittenEnfinitosScenarios),
]

export { enfinitosAreas } from './areas.js'
export { SCHEMA_INVALID_TAMPERINGS, TAMPER_SKIPPED_HEADER } from './proof-packs.js'
