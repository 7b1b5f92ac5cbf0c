/**
 * The Dedit provider: its contract (openapi/dedit.yaml), error shape, JWT authentication, worlds, behaviours and
 * scenarios, plugged into the provider-neutral engine; and what the checks ask of it (conformance script, envelope
 * check, verify probes).
 */
import type { AuthOutcome, Clock, Provider } from '../core/types.js'
import { type DeditPrincipal, deditBehaviours } from './behaviours.js'
import { deditScript } from './conformance.js'
import { deditContract } from './contract.js'
import { checkDeditEnvelope, deditError } from './envelope.js'
import { createDeditFactories } from './factories.js'
import { verifyToken } from './jwt.js'
import { deditProbes } from './probes.js'
import { createEmptyWorld, createWorld, type DeditState } from './world.js'

async function authenticate(token: string, _op: unknown, state: DeditState, clock: Clock): Promise<AuthOutcome> {
  const verified = await verifyToken(token, state.jwtSecret, clock)
  const fail = (message: string): AuthOutcome => ({
    ok: false,
    error: { status: 401, message, details: [{ path: '/header/authorization', message }] },
  })
  if (!verified.ok) return fail(verified.message)
  const user = state.users.get(verified.claims.userId)
  if (!user) return fail(`token's user ${verified.claims.userId} is unknown`)
  const principal: DeditPrincipal = {
    userId: user.userId,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    exp: verified.claims.exp,
  }
  return { ok: true, principal: { ...principal } }
}

export function createDeditProvider(): Provider<DeditState> {
  return {
    name: 'dedit',
    label: 'Dedit',
    contract: deditContract,
    baseUrls: ['https://app.dedit.io'],
    pathPrefix: '/api/v2/',
    error: deditError,
    authenticate,
    createWorld,
    createEmptyWorld,
    behaviours: deditBehaviours,
    factories: createDeditFactories,
    // No authorization: a token comes from login first, so the examples use another provider when one is served.
    homePage: { scenario: 'dedit:rate-limited' },
    // The API key sent to login and the token it returns are credentials: the journal keeps neither.
    journalSecrets: { request: ['/apiKey'], response: ['/token'] },
    conformance: { script: deditScript, checkEnvelope: checkDeditEnvelope, probes: deditProbes },
  }
}
