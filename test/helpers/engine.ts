// An engine over both providers and their whole scenario catalogue, for tests that drive the core directly.
import { Engine, type EngineOptions } from '../../mocks/core/engine.js'
import { createProviders, scenariosFor } from '../../mocks/providers.js'

export function createEngine(options: Omit<EngineOptions, 'providers' | 'scenarios'> = {}): Engine {
  return new Engine({ providers: createProviders(), scenarios: scenariosFor(), ...options })
}
