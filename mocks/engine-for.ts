/**
 * The one place an engine is built from choices, behind `createStandin`, `startStandinServer` and `standin serve`: the
 * providers asked for (default: all), their built-in scenarios and the extra ones given, response validation on unless
 * asked otherwise.
 */
import { Engine, type ResponseValidation } from './core/engine.js'
import type { Scenario } from './core/scenarios.js'
import { createProviders, PROVIDER_NAMES, scenariosFor } from './providers.js'
import type { ProviderName } from './typed.js'

export interface EngineChoices {
  providers?: readonly ProviderName[]
  extraScenarios?: Scenario[]
  validateResponses?: ResponseValidation
  tickMs?: number
  maxBodyBytes?: number
}

export function engineFor(options: EngineChoices): Engine {
  const names = options.providers ?? PROVIDER_NAMES
  return new Engine({
    providers: createProviders(names),
    scenarios: [...scenariosFor(names), ...(options.extraScenarios ?? [])],
    validateResponses: options.validateResponses ?? 'throw',
    ...(options.tickMs === undefined ? {} : { tickMs: options.tickMs }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  })
}
