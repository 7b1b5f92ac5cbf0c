/**
 * The registry of providers: the one place that lists them, so the adapters, the commands and the public API pick
 * providers by name without importing any of them. Each provider's folder holds everything about it, its scenario
 * catalogue included.
 */
import type { Scenario } from './core/scenarios.js'
import type { Provider } from './core/types.js'
import { createDeditProvider } from './dedit/provider.js'
import { deditScenarios } from './dedit/scenarios/index.js'
import { createEnfinitosProvider } from './enfinitos/provider.js'
import { enfinitosScenarios } from './enfinitos/scenarios/index.js'
import type { ProviderName } from './typed.js'

// biome-ignore lint/suspicious/noExplicitAny: each provider has its own state type
const REGISTRY: Record<ProviderName, { create: () => Provider<any>; scenarios: Scenario[] }> = {
  enfinitos: { create: createEnfinitosProvider, scenarios: enfinitosScenarios },
  dedit: { create: createDeditProvider, scenarios: deditScenarios },
}

export const PROVIDER_NAMES = Object.keys(REGISTRY) as readonly ProviderName[]

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name)
}

export function createProviders(names: readonly ProviderName[] = PROVIDER_NAMES): Provider[] {
  return names.map((n) => REGISTRY[n].create())
}

export function scenariosFor(names: readonly ProviderName[] = PROVIDER_NAMES): Scenario[] {
  return names.flatMap((n) => REGISTRY[n].scenarios)
}
