/**
 * The Dedit scenario catalogue: hand-written scenarios per area, the cross-cutting ones every provider has, and one
 * scenario per declared error status that nothing else covers (serving the spec's own example).
 */
import type { Scenario } from '../../core/scenarios.js'
import { crossCuttingScenarios, specErrorScenarios } from '../../core/standard-scenarios.js'
import { deditContract } from '../contract.js'
import { deditAreas } from './areas.js'
import { authScenarios } from './auth.js'
import { registrationScenarios } from './registration.js'
import { subscriptionScenarios } from './subscriptions.js'

const worldScenarios: Scenario[] = [
  {
    name: 'dedit:empty-world',
    description:
      'Starts Dedit from an empty world: the user can log in but has no subscription (getActiveSubscription 404), registration or file.',
    provider: 'dedit',
    emptyWorld: true,
    operations: {},
  },
]

const deditHandWrittenScenarios: Scenario[] = [
  ...authScenarios,
  ...registrationScenarios,
  ...subscriptionScenarios,
  ...worldScenarios,
]

export const deditScenarios: Scenario[] = [
  ...deditHandWrittenScenarios,
  ...crossCuttingScenarios('dedit', 'Dedit'),
  ...specErrorScenarios('dedit', deditContract, deditAreas, deditHandWrittenScenarios),
]

export { respond } from './actions.js'
export { deditAreas } from './areas.js'
