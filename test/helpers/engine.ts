// The engine the tests share: the named providers (both by default) with their scenario catalogue, or none, or a
// scenario list of the test's own, plus any scenarios a test adds on top of the catalogue.
import { Engine, type EngineOptions } from '../../mocks/core/engine.js'
import type { Scenario } from '../../mocks/core/scenarios.js'
import { createProviders, PROVIDER_NAMES, scenariosFor } from '../../mocks/providers.js'
import type { ProviderName } from '../../mocks/typed.js'

export interface TestEngineOptions extends Omit<EngineOptions, 'providers' | 'scenarios'> {
  /** Which providers the engine serves, by name, in this order. Default: every provider. */
  providers?: readonly ProviderName[]
  /** `catalogue` (the default): those providers' scenario catalogue; `none`: no scenarios; or a list of the test's own. */
  scenarios?: 'catalogue' | 'none' | readonly Scenario[]
  /** Scenarios added after the ones `scenarios` picks (e.g. a test's own failures on top of the catalogue). */
  extraScenarios?: readonly Scenario[]
}

export function createEngine(options: TestEngineOptions = {}): Engine {
  const { providers = PROVIDER_NAMES, scenarios = 'catalogue', extraScenarios = [], ...engineOptions } = options
  const base = scenarios === 'catalogue' ? scenariosFor(providers) : scenarios === 'none' ? [] : scenarios
  return new Engine({
    ...engineOptions,
    providers: createProviders(providers),
    scenarios: [...base, ...extraScenarios],
  })
}
