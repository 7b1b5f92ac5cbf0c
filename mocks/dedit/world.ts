/**
 * Dedit's state for one session, and the worlds a session starts from.
 *
 * The seeded world: the Dedit user of the spec's examples (Giulia Ferrari, 4127), their active "Dedit Pro"
 * subscription (Stripe-shaped ids, current monthly period containing the clock), one completed registration of a
 * real document's SHA-256 with its file metadata, and the registration of the spec's example document (hash
 * `8569f76a...`) requested a few minutes ago and not completed yet, so the first calls return realistic data and the
 * spec's own examples work as written (`uploadFileMetadata`'s example, a new `requestRegistration` of that hash).
 * The empty world keeps the user (a client can still log in) but has no subscription, registration or file.
 */
import { entityFaker } from '../core/seeded-faker.js'
import type { Derive, WorldContext } from '../core/types.js'
import { sha256Hex, utf8ByteLength } from '../platform/crypto.js'
import { buildRegistration, buildSubscription } from './factories.js'
import { addMonths, days, monthlyPeriod, stripe, stripeAccountTag } from './ids.js'
import { jwtSecretFor } from './jwt.js'
import type { FileMetadata, Registration, Subscription } from './types.js'
import { type DeditUser, pick, sandboxUser } from './user.js'

/** A registration requested (`requestRegistration`) but not completed yet. */
interface PendingRegistration {
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
  const user = sandboxUser()
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
function stripeCustomerOf(state: DeditState, derive: Derive, userId: number) {
  return {
    customer: stripe.customer(derive, userId),
    defaultPaymentMethod: stripe.paymentMethod(derive, state.stripeAccount, userId),
  }
}

const PRO_PLAN = 'Dedit Pro'

/** The SHA-256 of the spec's example document ("Contratto di licenza v1"), used by every Dedit example. */
export const EXAMPLE_DOCUMENT_HASH = '8569f76a33fca5d4f404e125447e8a65e89f8f181bcfe4517907f0aa44cd14a4'

/**
 * A new Stripe-shaped subscription for `userId` created at `nowSec`, on the user's current plan (Dedit Pro when they
 * have none): what `requestRegistration` returns. The active subscription is not changed.
 */
export function newSubscription(
  state: DeditState,
  derive: Derive,
  userId: number,
  ordinal: number | string,
  nowSec: number,
): Subscription {
  const activeSessionId = state.activeSubscriptions.get(userId)
  const active = activeSessionId ? state.subscriptions.get(activeSessionId) : undefined
  return buildSubscription({
    sessionId: stripe.checkoutSession(derive, ordinal),
    id: stripe.subscription(derive, state.stripeAccount, ordinal),
    userId,
    planId: active?.planId ?? stripe.price(derive, state.stripeAccount, PRO_PLAN),
    planNickname: active?.planNickname ?? PRO_PLAN,
    status: 'active',
    created: nowSec,
    currentPeriodStart: nowSec,
    currentPeriodEnd: addMonths(nowSec, 1),
    canceledAt: 0,
    ...stripeCustomerOf(state, derive, userId),
    latestInvoice: stripe.invoice(derive, state.stripeAccount, ordinal),
  })
}

export function createEmptyWorld(ctx: WorldContext): DeditState {
  return baseState(ctx)
}

/** The seeded world of the session's size: the small one below, plus (large) a history of documents. */
export function createWorld(ctx: WorldContext): DeditState {
  const state = createSmallWorld(ctx)
  if (ctx.size === 'large') addDocumentHistory(state, ctx)
  return state
}

/** How many documents the large world's users have registered (the sandbox user, and colleagues of theirs). */
export const LARGE_DEDIT_DOCUMENTS = 200
/** What that history holds on the heap (measured ~0.25 MB), reported to the session's memory meter. */
const LARGE_DEDIT_HEAP = 384 * 1024
const COLLEAGUES = 24
const KINDS = [
  'Licence agreement',
  'Non-disclosure agreement',
  'Patent draft',
  'Manuscript',
  'Board minutes',
  'Site plan',
]
const FILE_TYPES = [
  ['pdf', 'application/pdf'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['txt', 'text/plain'],
] as const

/**
 * The large world's document history: colleagues of the sandbox user (users 5001..5024, realistic British names), and
 * LARGE_DEDIT_DOCUMENTS completed registrations over the last year, a third of them the sandbox user's, each with its
 * file metadata. Every document draws its values from a Faker seeded for it alone.
 */
function addDocumentHistory(state: DeditState, ctx: WorldContext): void {
  const { derive, clock } = ctx
  ctx.grow?.(LARGE_DEDIT_HEAP)
  for (let i = 1; i <= COLLEAGUES; i++) {
    const f = entityFaker(derive, 'dedit.user', i)
    const firstName = f.person.firstName()
    const lastName = f.person.lastName()
    const email = f.internet.email({ firstName, lastName, provider: 'example.co.uk' }).toLowerCase()
    state.users.set(5000 + i, { userId: 5000 + i, firstName, lastName, email })
  }
  const nowMs = clock.nowMs()
  for (let n = 1; n <= LARGE_DEDIT_DOCUMENTS; n++) {
    const f = entityFaker(derive, 'dedit.document', n)
    const owner = n % 3 === 0 ? state.defaultUserId : 5001 + (n % COLLEAGUES)
    const user = state.users.get(owner) as DeditUser
    const title = `${f.helpers.arrayElement(KINDS)}: ${f.company.name()} (${f.location.city()})`
    const version = f.number.int({ min: 1, max: 6 })
    const text = `${title} v${version}\n\nPrepared by ${user.firstName} ${user.lastName} (${user.email}) for ${f.company.name()}, ${f.location.streetAddress()}.\n`
    const hash = sha256Hex(text)
    const creationDate =
      nowMs - (LARGE_DEDIT_DOCUMENTS - n + 1) * 29 * 3_600_000 - f.number.int({ min: 0, max: 3_599_999 })
    const [extension, type] = f.helpers.arrayElement(FILE_TYPES)
    state.registrations.set(
      hash,
      buildRegistration({
        hash,
        description: `${title} v${version}`,
        paymentId: stripe.subscription(derive, state.stripeAccount, `document-${n}`),
        creationDate,
        userId: owner,
      }),
    )
    state.files.set(hash, {
      hash,
      name: `${title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}-v${version}.${extension}`,
      type,
      size: type === 'text/plain' ? utf8ByteLength(text) : f.number.int({ min: 20_000, max: 4_000_000 }),
      lastModified: creationDate - f.number.int({ min: 60, max: 7200 }) * 1000,
      userId: owner,
      walletName: `${user.firstName} ${user.lastName}`,
    })
  }
}

function createSmallWorld(ctx: WorldContext): DeditState {
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
  const hash = sha256Hex(text)
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
    size: utf8ByteLength(text),
    lastModified: creationDate - derive.int('dedit.world.file-age', 0, 60, 7200) * 1000,
    userId: user.userId,
    walletName: `${user.firstName} ${user.lastName}`,
  })

  // The spec's example document, requested 2 to 30 minutes ago and not completed: its file metadata can be uploaded
  // (the spec's example), it can be requested again (replacing this request) or completed with its subscription.
  const requestedAt = nowSec - derive.int('dedit.world.example-request-age', 0, 120, 1800)
  const pending = newSubscription(state, derive, user.userId, 'world-example', requestedAt)
  state.subscriptions.set(pending.sessionId, pending)
  state.pending.set(EXAMPLE_DOCUMENT_HASH, {
    hash: EXAMPLE_DOCUMENT_HASH,
    userId: user.userId,
    description: 'Contratto di licenza v1',
    custody: false,
    signed: false,
    sessionId: pending.sessionId,
  })
  return state
}
