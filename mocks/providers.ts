/**
 * The catalogue of providers and their scenarios: the one place that knows both, so adapters and the public API can
 * pick providers by name without importing each one.
 */

import { deditScenarios } from '../scenarios/dedit/index.js'
import { enfinitosScenarios } from '../scenarios/enfinitos/index.js'
import type { Scenario } from './core/scenarios.js'
import type { Provider } from './core/types.js'
import { createDeditProvider } from './dedit/index.js'
import { createEnfinitosProvider } from './enfinitos/provider.js'
import type { ProviderName } from './typed.js'

export const PROVIDER_NAMES: readonly ProviderName[] = ['enfinitos', 'dedit']

// biome-ignore lint/suspicious/noExplicitAny: each provider has its own state type
const factories: Record<ProviderName, () => Provider<any>> = {
  enfinitos: createEnfinitosProvider,
  dedit: createDeditProvider,
}

export const SCENARIOS: Record<ProviderName, Scenario[]> = {
  enfinitos: enfinitosScenarios,
  dedit: deditScenarios,
}

export function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name)
}

export function createProviders(names: readonly ProviderName[] = PROVIDER_NAMES): Provider[] {
  return names.map((n) => factories[n]())
}

export function scenariosFor(names: readonly ProviderName[] = PROVIDER_NAMES): Scenario[] {
  return names.flatMap((n) => SCENARIOS[n])
}
