/**
 * The Dedit provider: its contract (openapi/dedit.yaml), error shape, JWT authentication, worlds and behaviours,
 * plugged into the provider-neutral engine.
 */
import { type Contract, loadPackagedContract } from '../core/contract.js'
import type { AuthOutcome, Clock, Provider } from '../core/types.js'
import { type DeditPrincipal, deditBehaviours } from './behaviours.js'
import { deditError } from './envelope.js'
import { verifyToken } from './jwt.js'
import { createEmptyWorld, createWorld, type DeditState } from './world.js'

/** Loaded and compiled once per process, shared by every provider instance. */
export const deditContract: Contract = loadPackagedContract('dedit')

export const DEDIT_BASE_URL = 'https://app.dedit.io'

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
    contract: deditContract,
    baseUrls: [DEDIT_BASE_URL],
    pathPrefix: '/api/v2/',
    error: deditError,
    authenticate,
    createWorld,
    createEmptyWorld,
    behaviours: deditBehaviours,
    // The API key sent to login and the token it returns are credentials: the journal keeps neither.
    journalSecrets: { request: ['/apiKey'], response: ['/token'] },
  }
}

export type { DeditPrincipal } from './behaviours.js'
export { deditError, deditErrorBody, reasonPhrase } from './envelope.js'
export {
  buildFileMetadata,
  buildRegistration,
  buildSubscription,
  createDeditFactories,
  type DeditFactories,
} from './factories.js'
export { algorandAssetId, algorandTxId, stripe } from './ids.js'
export { issueToken, jwtSecretFor, TOKEN_ISSUER, TOKEN_LIFETIME_SECONDS, verifyToken } from './jwt.js'
export type { FileMetadata, Registration, RegistrationRequest, Subscription } from './types.js'
export { createEmptyWorld, createWorld, type DeditState, type DeditUser, type PendingRegistration } from './world.js'
