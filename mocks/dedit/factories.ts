/**
 * Typed factories for fixtures: a complete, contract-valid object from the docs' examples, with any field
 * overridden. Used by the world and the behaviours, and exported for downstream tests (`standin.dedit.build.*`).
 */
import type { WorldContext } from '../core/types.js'
import { sha256Hex } from '../platform/crypto.js'
import { addMonths, stripe, stripeAccountTag } from './ids.js'
import { issueToken, jwtSecretFor } from './jwt.js'
import type { FileMetadata, Registration, Subscription } from './types.js'
import { sandboxUser } from './user.js'

/** The docs' "Dedit Pro" subscription example (current period April 2026). */
export function buildSubscription(overrides: Partial<Subscription> = {}): Subscription {
  return {
    sessionId: 'cs_test_b1Xk7PzQ4mRt9LwN2cVy5HdGs8EjU3aF6oKiMnB0tCyZ',
    id: 'sub_1KeRbLGkNaQ7xTzR3mVb2cLp',
    userId: 4127,
    planId: 'price_1KeRZ9GkNaQ7xTzRpRo2026a',
    planNickname: 'Dedit Pro',
    status: 'active',
    created: 1775044200,
    currentPeriodStart: 1775044200,
    currentPeriodEnd: 1777636200,
    canceledAt: 0,
    customer: 'cus_LLv2PwQ7SyJo1Z',
    defaultPaymentMethod: 'pm_1KeRbJGkNaQ7xTzRq9XcB3Tm',
    latestInvoice: 'in_1KeRbLGkNaQ7xTzRk5WdZ8Hn',
    ...overrides,
  }
}

/**
 * A registration right after `completeRegistration`, as in the docs' example: `signer`, `signature`, `txHash`,
 * `holder`, `txId`, `assetId` and `payload` null (on-chain confirmation is later), `tags` empty.
 */
export function buildRegistration(overrides: Partial<Registration> = {}): Registration {
  return {
    hash: '8569f76a33fca5d4f404e125447e8a65e89f8f181bcfe4517907f0aa44cd14a4',
    description: 'Contratto di licenza v1',
    custody: false,
    signed: false,
    signer: null,
    signature: null,
    txHash: null,
    status: 'registered',
    blockchainType: 'ALGORAND',
    holder: null,
    txId: null,
    assetId: null,
    tags: [],
    paymentId: 'sub_1KeRbLGkNaQ7xTzR3mVb2cLp',
    creationDate: 1775045100000,
    payload: null,
    userId: 4127,
    ...overrides,
  }
}

/** The docs' file metadata example (a PDF). */
function buildFileMetadata(overrides: Partial<FileMetadata> = {}): FileMetadata {
  return {
    hash: '8569f76a33fca5d4f404e125447e8a65e89f8f181bcfe4517907f0aa44cd14a4',
    name: 'contratto-di-licenza-v1.pdf',
    type: 'application/pdf',
    size: 248913,
    lastModified: 1774958400000,
    userId: 4127,
    walletName: 'Giulia Ferrari',
    ...overrides,
  }
}

/**
 * Factories bound to a session (`standin.dedit.build.*`): values derived from the session's seed and read from its
 * clock at call time, so fixtures look like what the mock itself returns for the sandbox user, follow `reset()` and
 * clock moves, and are deterministic per seed. Overrides win.
 */
export function createDeditFactories(world: () => WorldContext) {
  const context = () => {
    const { clock, derive } = world()
    return { clock, derive, account: stripeAccountTag(derive), user: sandboxUser() }
  }
  return {
    /** An active "Dedit Pro" subscription of the sandbox user, its period starting now. */
    subscription(overrides: Partial<Subscription> = {}): Subscription {
      const { clock, derive, account, user } = context()
      const ordinal = `fixture-${derive.nextHex('dedit.fixture.subscription')}`
      const now = Math.floor(clock.nowMs() / 1000)
      return buildSubscription({
        sessionId: stripe.checkoutSession(derive, ordinal),
        id: stripe.subscription(derive, account, ordinal),
        userId: user.userId,
        planId: stripe.price(derive, account, 'Dedit Pro'),
        planNickname: 'Dedit Pro',
        status: 'active',
        created: now,
        currentPeriodStart: now,
        currentPeriodEnd: addMonths(now, 1),
        canceledAt: 0,
        customer: stripe.customer(derive, user.userId),
        defaultPaymentMethod: stripe.paymentMethod(derive, account, user.userId),
        latestInvoice: stripe.invoice(derive, account, ordinal),
        ...overrides,
      })
    },
    /** A registration of the sandbox user completed now, of a fresh SHA-256. */
    registration(overrides: Partial<Registration> = {}): Registration {
      const { clock, derive, account, user } = context()
      const ordinal = `fixture-${derive.nextHex('dedit.fixture.registration')}`
      return buildRegistration({
        hash: sha256Hex(derive.bytes('dedit.fixture.document', ordinal, 64)),
        description: `Documento ${ordinal.slice(-6)}`,
        paymentId: stripe.subscription(derive, account, ordinal),
        creationDate: clock.nowMs(),
        userId: user.userId,
        ...overrides,
      })
    },
    /** Metadata of a PDF of the sandbox user, last modified an hour ago. */
    fileMetadata(overrides: Partial<FileMetadata> = {}): FileMetadata {
      const { clock, derive, user } = context()
      const ordinal = `fixture-${derive.nextHex('dedit.fixture.file')}`
      return buildFileMetadata({
        hash: sha256Hex(derive.bytes('dedit.fixture.document', ordinal, 64)),
        name: `documento-${ordinal.slice(-6)}.pdf`,
        size: derive.int('dedit.fixture.file-size', ordinal, 1024, 5_000_000),
        lastModified: clock.nowMs() - 3_600_000,
        userId: user.userId,
        walletName: `${user.firstName} ${user.lastName}`,
        ...overrides,
      })
    },
    /** A JWT for the sandbox user that this session accepts, issued now (valid 10 h of session clock). */
    token(): Promise<string> {
      const { clock, derive, user } = context()
      return issueToken(user, jwtSecretFor(derive), clock)
    },
  }
}

export type DeditFactories = ReturnType<typeof createDeditFactories>
