/**
 * The default, stateful behaviour of Dedit's six documented operations. Requests reach here already routed,
 * authenticated (the principal is the JWT's user) and validated against openapi/dedit.yaml, so a behaviour only
 * enforces the rules the schema cannot express. Every time comes from the session clock, every id from the derive.
 */
import type { Behaviour, MockResponse, OperationCall } from '../core/types.js'
import { deditError } from './envelope.js'
import { buildRegistration } from './factories.js'
import { issueToken } from './jwt.js'
import type { CompleteRegistrationRequest, FileMetadata, RegistrationRequest } from './types.js'
import { type DeditState, newSubscription } from './world.js'

/** What `authenticate` hands the behaviours: the JWT's user. */
export interface DeditPrincipal {
  userId: number
  firstName: string
  lastName: string
  email: string
  /** The token's expiry, epoch seconds. */
  exp: number
}

type Call = OperationCall<DeditState>

const ok = (body: unknown): MockResponse => ({ status: 200, headers: {}, body })
const principalOf = (call: Call) => call.principal as unknown as DeditPrincipal
const nowSeconds = (call: Call) => Math.floor(call.clock.nowMs() / 1000)
/** The docs send `custody`/`signed` as the strings "true"/"false"; the registration object holds booleans. */
const toBoolean = (value: boolean | string) => value === true || value === 'true'

const invalid = (path: string, message: string): MockResponse =>
  deditError({ status: 400, message: `request is invalid: ${path} ${message}`, details: [{ path, message }] })

const conflict = (message: string, path: string, detail: string): MockResponse =>
  deditError({ status: 409, message, details: [{ path, message: detail }] })

const login: Behaviour<DeditState> = async (call) => {
  // Any non-empty API key (the schema requires minLength 1) logs in as the sandbox's user; the
  // `dedit:auth.login-rejected` scenario covers a rejected key.
  const user = call.state.users.get(call.state.defaultUserId)
  if (!user) throw new Error('the Dedit world has no user')
  return ok({ token: await issueToken(user, call.state.jwtSecret, call.clock) })
}

const requestRegistration: Behaviour<DeditState> = (call) => {
  const body = call.body as RegistrationRequest
  const { userId } = principalOf(call)
  const { state } = call
  // Inferred (docs/inferred.md): a hash is notarized once, so requesting a registered hash again is 409.
  if (state.registrations.has(body.hash)) {
    return deditError({
      status: 409,
      message: `Hash ${body.hash} is already registered`,
      details: [{ path: '/body/hash', message: 'is already registered' }],
    })
  }
  // Inferred: requesting the same hash again replaces the pending request; the earlier subscription stays readable.
  const subscription = newSubscription(call.state, call.derive, userId, ++state.ordinals.subscription, nowSeconds(call))
  state.subscriptions.set(subscription.sessionId, subscription)
  state.pending.set(body.hash, {
    hash: body.hash,
    userId,
    description: body.description,
    custody: toBoolean(body.custody),
    signed: toBoolean(body.signed),
    sessionId: subscription.sessionId,
  })
  return ok({ ...subscription })
}

const completeRegistration: Behaviour<DeditState> = (call) => {
  // Either spelling of the customer and either form of canceledAt is accepted (the docs' table and example
  // disagree); only sessionId and id are required, and only they are read: they name the subscription.
  const body = call.body as CompleteRegistrationRequest
  const hash = call.params.hash as string
  const { userId } = principalOf(call)
  const { state } = call
  // Inferred (docs/inferred.md): completing a registered hash again is 409; a hash never requested is 404.
  if (state.registrations.has(hash)) {
    return deditError({ status: 409, message: `Hash ${hash} is already registered` })
  }
  const pending = state.pending.get(hash)
  if (!pending || pending.userId !== userId) {
    return deditError({ status: 404, message: `No registration requested for hash ${hash}` })
  }
  const subscription = state.subscriptions.get(pending.sessionId)
  if (!subscription) throw new Error(`pending registration ${hash} refers to an unknown subscription`)
  // Inferred: the body must be the subscription requestRegistration returned for this hash. Another (well-formed)
  // subscription conflicts with the pending registration, which that subscription pays: 409 naming the field.
  if (body.sessionId !== subscription.sessionId) {
    return conflict(
      `The registration of ${hash} is paid by subscription session ${subscription.sessionId}, not ${body.sessionId}`,
      '/body/sessionId',
      'must be the sessionId returned by requestRegistration for this hash',
    )
  }
  if (body.id !== subscription.id) {
    return conflict(
      `The registration of ${hash} is paid by subscription ${subscription.id}, not ${body.id}`,
      '/body/id',
      'must be the id of the subscription returned by requestRegistration for this hash',
    )
  }
  const registration = buildRegistration({
    hash,
    description: pending.description,
    custody: pending.custody,
    signed: pending.signed,
    paymentId: subscription.id as string,
    creationDate: call.clock.nowMs(),
    userId,
    // As in the docs' example: on-chain fields are null right after registration.
    signer: null,
    signature: null,
    txHash: null,
    holder: null,
    txId: null,
    assetId: null,
    payload: null,
    tags: [],
  })
  state.pending.delete(hash)
  state.registrations.set(hash, registration)
  return ok({ ...registration, tags: [] })
}

const uploadFileMetadata: Behaviour<DeditState> = (call) => {
  const body = call.body as FileMetadata
  const hash = call.params.hash as string
  const { userId } = principalOf(call)
  const { state } = call
  if (body.hash !== hash) return invalid('/body/hash', `must equal the hash in the path (${hash})`)
  // Inferred: the metadata belongs to the caller, so userId must be the token's user.
  if (body.userId !== userId) return invalid('/body/userId', `must be the caller's userId (${userId})`)
  // Inferred (spec): 404 when Dedit knows no registration, requested or completed, for the hash.
  const registration = state.registrations.get(hash)
  const pending = state.pending.get(hash)
  if (!(registration && registration.userId === userId) && !(pending && pending.userId === userId)) {
    return deditError({ status: 404, message: `No registration for hash ${hash}` })
  }
  // PUT: a second upload replaces the metadata.
  state.files.set(hash, { ...body })
  return ok({})
}

const getActiveSubscription: Behaviour<DeditState> = (call) => {
  const { userId } = principalOf(call)
  const sessionId = call.state.activeSubscriptions.get(userId)
  const subscription = sessionId ? call.state.subscriptions.get(sessionId) : undefined
  if (!subscription) return deditError({ status: 404, message: 'No active subscription' })
  return ok({ ...subscription })
}

const getSubscription: Behaviour<DeditState> = (call) => {
  const sessionId = call.params.sessionId as string
  const { userId } = principalOf(call)
  const subscription = call.state.subscriptions.get(sessionId)
  // Another user's subscription is answered like an unknown one.
  if (!subscription || subscription.userId !== userId) {
    return deditError({ status: 404, message: `No subscription for session ${sessionId}` })
  }
  return ok({ ...subscription })
}

export const deditBehaviours: Record<string, Behaviour<DeditState>> = {
  login,
  requestRegistration,
  completeRegistration,
  uploadFileMetadata,
  getActiveSubscription,
  getSubscription,
}
