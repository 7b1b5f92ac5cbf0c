/**
 * The EnfinitOS provider: its contract (openapi/enfinitos.yaml), error envelope, API-key authentication, worlds,
 * behaviours and scenarios, plugged into the provider-neutral engine; and what the checks ask of it (conformance
 * script, envelope check, verify probes).
 */

import type { Provider } from '../core/types.js'
import { authenticateKey } from './auth.js'
import { enfinitosBehaviours } from './behaviours/index.js'
import { enfinitosScript, SANDBOX_API_KEY } from './conformance.js'
import { enfinitosContract } from './contract.js'
import { checkEnfinitosEnvelope, enfinitosError } from './envelope.js'
import { createEnfinitosFactories } from './factories.js'
import { enfinitosPackAudit } from './pack-audit.js'
import { enfinitosProbes } from './probes.js'
import { enfinitosOutbound } from './webhook-outbound.js'
import { createEmptyWorld, createWorld, type EnfinitosState } from './world.js'

const BASE_URLS = ['https://sandbox.api.enfinitos.com', 'https://api.enfinitos.com']

export function createEnfinitosProvider(): Provider<EnfinitosState> {
  return {
    name: 'enfinitos',
    label: 'EnfinitOS',
    contract: enfinitosContract,
    baseUrls: [...BASE_URLS],
    pathPrefix: '/v1/',
    error: enfinitosError,
    authenticate: (token, operation, state) => authenticateKey(token, operation, state.orgId),
    createWorld,
    createEmptyWorld,
    behaviours: enfinitosBehaviours,
    factories: createEnfinitosFactories,
    // An API key works as pasted: the home page's examples use EnfinitOS when it is served.
    homePage: { authorization: `Authorization: Bearer ${SANDBOX_API_KEY}`, scenario: 'enfinitos:rate-limited' },
    // The webhook signing secret is shown once, in createWebhook's response; the journal must not show it again.
    journalSecrets: { response: ['/data/signingSecret'] },
    conformance: { script: enfinitosScript, checkEnvelope: checkEnfinitosEnvelope, probes: enfinitosProbes },
    // Webhook deliveries, carried out by the adapters' transports (webhook-outbound.ts).
    outbound: enfinitosOutbound,
    // The dashboard's audit of the proof packs a session serves (pack-audit.ts).
    packAudit: enfinitosPackAudit,
  }
}
