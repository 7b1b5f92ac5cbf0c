/**
 * Dedit's state for one session, and the worlds a session starts from.
 *
 * The seeded world: one Dedit user (realistic Italian name, as the docs' examples), their active "Dedit Pro"
 * subscription (Stripe-shaped ids, current monthly period containing the clock), and one completed registration of a
 * real document's SHA-256 with its file metadata, so the first calls return realistic data. The empty world keeps the
 * user (a client can still log in) but has no subscription, registration or file.
 */
import { createHash } from 'node:crypto'
import type { Derive, WorldContext } from '../core/types.js'
import { buildRegistration, buildSubscription } from './factories.js'
import { days, monthlyPeriod, stripe, stripeAccountTag } from './ids.js'
import { jwtSecretFor } from './jwt.js'
import type { FileMetadata, Registration, Subscription } from './types.js'
import { type DeditUser, pick, sandboxUser } from './user.js'

export type { DeditUser } from './user.js'

/** A registration requested (`requestRegistration`) but not completed yet. */
export interface PendingRegistration {
  hash: string
  userId: number
  description: string
  custody: boolean
  signed: boolean
  /** The checkout session of the subscription returned for this request; `completeRegistration` must send it back. */
  sessionId: string
}

export interface DeditState {
  /** HS256 secret of this session's tokens (derived from the seed). */
  jwtSecret: Uint8Array
  /** The Stripe account segment of this sandbox's ids. */
  stripeAccount: string
  users: Map<number, DeditUser>
  /** The user an accepted API key logs in as. */
  defaultUserId: number
  /** Every subscription, by checkout session id. */
  subscriptions: Map<string, Subscription>
  /** userId -> sessionId of the user's active subscription (absent: none). */
  activeSubscriptions: Map<number, string>
  /** Requested, not yet completed registrations, by hash. */
  pending: Map<string, PendingRegistration>
  /** Completed registrations, by hash (a hash is registered once, whoever registered it). */
  registrations: Map<string, Registration>
  /** File metadata, by hash. */
  files: Map<string, FileMetadata>
  /** Per-kind ordinals for derived values created after the world. */
  ordinals: { subscription: number }
}

const DOCUMENTS = [
  'Contratto di licenza',
  'Accordo di riservatezza',
  'Bozza del brevetto',
  'Manoscritto',
  'Progetto architettonico',
  'Verbale di assemblea',
]

function baseState(ctx: WorldContext): DeditState {
  const { derive } = ctx
  const user = sandboxUser(derive)
  return {
    jwtSecret: jwtSecretFor(derive),
    stripeAccount: stripeAccountTag(derive),
    users: new Map([[user.userId, user]]),
    defaultUserId: user.userId,
    subscriptions: new Map(),
    activeSubscriptions: new Map(),
    pending: new Map(),
    registrations: new Map(),
    files: new Map(),
    ordinals: { subscription: 0 },
  }
}

/** The user, their customer and payment method: the same for every subscription of that user. */
export function stripeCustomerOf(state: DeditState, derive: Derive, userId: number) {
  return {
    customer: stripe.customer(derive, userId),
    defaultPaymentMethod: stripe.paymentMethod(derive, state.stripeAccount, userId),
  }
}

export const PRO_PLAN = 'Dedit Pro'

export function createEmptyWorld(ctx: WorldContext): DeditState {
  return baseState(ctx)
}

export function createWorld(ctx: WorldContext): DeditState {
  const { derive, clock } = ctx
  const state = baseState(ctx)
  const user = state.users.get(state.defaultUserId) as DeditUser
  const nowSec = Math.floor(clock.nowMs() / 1000)

  // The active subscription: created 40 to 400 days ago, billed monthly; the current period contains now.
  const created =
    nowSec -
    days(derive.int('dedit.world.subscription-age', 0, 40, 400)) -
    derive.int('dedit.world.subscription-age', 1, 0, 86_399)
  const period = monthlyPeriod(created, nowSec)
  const subscription = buildSubscription({
    sessionId: stripe.checkoutSession(derive, 'world'),
    id: stripe.subscription(derive, state.stripeAccount, 'world'),
    userId: user.userId,
    planId: stripe.price(derive, state.stripeAccount, PRO_PLAN),
    planNickname: PRO_PLAN,
    status: 'active',
    created,
    currentPeriodStart: period.start,
    currentPeriodEnd: period.end,
    canceledAt: 0,
    ...stripeCustomerOf(state, derive, user.userId),
    latestInvoice: stripe.invoice(derive, state.stripeAccount, 'world'),
  })
  state.subscriptions.set(subscription.sessionId, subscription)
  state.activeSubscriptions.set(user.userId, subscription.sessionId)

  // One completed registration: the SHA-256 of a real (small) document, registered a few days ago.
  const title = pick(DOCUMENTS, derive, 'dedit.world.document')
  const version = derive.int('dedit.world.document-version', 0, 1, 5)
  const text = `${title} v${version}\n\nTra ${user.firstName} ${user.lastName} (${user.email}) e la controparte.\nRedatto il ${new Date(created * 1000).toISOString().slice(0, 10)}.\n`
  const hash = createHash('sha256').update(text, 'utf8').digest('hex')
  const creationDate =
    (nowSec -
      days(derive.int('dedit.world.registration-age', 0, 1, 20)) -
      derive.int('dedit.world.registration-age', 1, 0, 86_399)) *
    1000
  const registration = buildRegistration({
    hash,
    description: `${title} v${version}`,
    paymentId: subscription.id as string,
    creationDate,
    userId: user.userId,
  })
  state.registrations.set(hash, registration)
  state.files.set(hash, {
    hash,
    name: `${title.toLowerCase().replaceAll(' ', '-')}-v${version}.txt`,
    type: 'text/plain',
    size: Buffer.byteLength(text, 'utf8'),
    lastModified: creationDate - derive.int('dedit.world.file-age', 0, 60, 7200) * 1000,
    userId: user.userId,
    walletName: `${user.firstName} ${user.lastName}`,
  })
  return state
}
