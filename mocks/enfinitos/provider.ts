/**
 * The EnfinitOS provider: its contract (openapi/enfinitos.yaml), error envelope, API-key authentication, worlds and
 * behaviours, plugged into the provider-neutral engine.
 */
import { type Contract, loadPackagedContract } from '../core/contract.js'
import type { Provider } from '../core/types.js'
import { authenticateKey } from './auth.js'
import { enfinitosBehaviours } from './behaviours/index.js'
import { enfinitosError } from './envelope.js'
import { createEmptyWorld, createWorld, type EnfinitosState } from './world.js'

/** Loaded once per process, shared by every provider instance. */
export const enfinitosContract: Contract = loadPackagedContract('enfinitos')

export const ENFINITOS_BASE_URLS = ['https://sandbox.api.enfinitos.com', 'https://api.enfinitos.com']

export function createEnfinitosProvider(): Provider<EnfinitosState> {
  return {
    name: 'enfinitos',
    contract: enfinitosContract,
    baseUrls: [...ENFINITOS_BASE_URLS],
    pathPrefix: '/v1/',
    error: enfinitosError,
    authenticate: (token, operation, state) => authenticateKey(token, operation, state.orgId),
    createWorld,
    createEmptyWorld,
    behaviours: enfinitosBehaviours,
    // The webhook signing secret is shown once, in createWebhook's response; the journal must not show it again.
    journalSecrets: { response: ['/data/signingSecret'] },
  }
}

export type { EnfinitosPrincipal, Role } from './auth.js'
export type { EnfinitosState } from './world.js'
