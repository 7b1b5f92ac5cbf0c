/**
 * Stripe-shaped identifiers and Dedit's realistic values, all derived from (seed, kind, ordinal) so that the same
 * seed gives the same ids and unrelated calls never shift each other's values.
 *
 * Shapes follow the docs' examples: `cs_test_<58>`, `sub_<24>`, `price_<24>`, `cus_<14>`, `pm_<24>`, `in_<24>`.
 * Like real Stripe ids, the 24-character ones carry the account's segment in the middle (`sub_1KeRbL|GkNaQ7xTzR|...`),
 * so ids of one sandbox visibly belong to one Stripe account.
 */
import type { Derive } from '../core/types.js'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** `length` base62 characters for (kind, ordinal). */
function base62(derive: Derive, kind: string, ordinal: number | string, length: number): string {
  // Two bytes per character keep the modulo bias negligible (65536 % 62 is small against 65536).
  const bytes = derive.bytes(kind, ordinal, length * 2)
  let out = ''
  for (let i = 0; i < length; i++) out += BASE62[(((bytes[i * 2] as number) << 8) | (bytes[i * 2 + 1] as number)) % 62]
  return out
}

/** The Stripe account segment shared by the 24-character ids of one sandbox (10 characters, like `GkNaQ7xTzR`). */
export function stripeAccountTag(derive: Derive): string {
  return base62(derive, 'dedit.stripe.account', 0, 10)
}

/** A 24-character Stripe object id body: `1` + 5 (time-like) + account (10) + 8 (object). */
function stripeBody(derive: Derive, account: string, kind: string, ordinal: number | string): string {
  return `1${base62(derive, `${kind}.head`, ordinal, 5)}${account}${base62(derive, `${kind}.tail`, ordinal, 8)}`
}

export const stripe = {
  checkoutSession: (derive: Derive, ordinal: number | string) =>
    `cs_test_${base62(derive, 'dedit.stripe.checkout-session', ordinal, 58)}`,
  subscription: (derive: Derive, account: string, ordinal: number | string) =>
    `sub_${stripeBody(derive, account, 'dedit.stripe.subscription', ordinal)}`,
  price: (derive: Derive, account: string, plan: string) =>
    `price_${stripeBody(derive, account, 'dedit.stripe.price', plan)}`,
  customer: (derive: Derive, userId: number) => `cus_${base62(derive, 'dedit.stripe.customer', userId, 14)}`,
  paymentMethod: (derive: Derive, account: string, userId: number) =>
    `pm_${stripeBody(derive, account, 'dedit.stripe.payment-method', userId)}`,
  invoice: (derive: Derive, account: string, ordinal: number | string) =>
    `in_${stripeBody(derive, account, 'dedit.stripe.invoice', ordinal)}`,
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** An Algorand transaction id: 52 characters of base32 (A-Z, 2-7). */
export function algorandTxId(derive: Derive, ordinal: number | string): string {
  const bytes = derive.bytes('dedit.algorand.tx', ordinal, 52)
  let out = ''
  for (const b of bytes) out += BASE32[b % 32]
  return out
}

/** An Algorand asset id: a positive integer around 10^9, as recent ones are. */
export function algorandAssetId(derive: Derive, ordinal: number | string): number {
  return derive.int('dedit.algorand.asset', ordinal, 1_000_000_000, 2_999_999_999)
}

const SECONDS_PER_DAY = 86_400

/** `sec` moved by `months` calendar months (UTC), the day clamped to the target month's length, as Stripe bills. */
export function addMonths(sec: number, months: number): number {
  const d = new Date(sec * 1000)
  const day = d.getUTCDate()
  const target = new Date(
    Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()),
  )
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(day, lastDay))
  return Math.floor(target.getTime() / 1000)
}

/** The monthly billing period, anchored on `anchorSec`, that contains `nowSec`. */
export function monthlyPeriod(anchorSec: number, nowSec: number): { start: number; end: number } {
  let k = 0
  while (addMonths(anchorSec, k + 1) <= nowSec) k++
  return { start: addMonths(anchorSec, k), end: addMonths(anchorSec, k + 1) }
}

export const days = (n: number) => n * SECONDS_PER_DAY
