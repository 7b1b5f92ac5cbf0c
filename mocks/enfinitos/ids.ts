/**
 * EnfinitOS id prefixes and deterministic id makers. Documented prefixes: `bas_`, `rgh_`, `org_`, `tnt_`, `dlv_`,
 * `whsec_`; the others (`ofr_`, `chl_`, `whs_`, `dev_`) are inferred (docs/inferred.md, "ID prefixes not in the
 * docs"). Receipt (`rec_`), pack (`ppk_`), provenance (`prv_`) and key (`rtk_`) ids are derived by the proof core.
 *
 * Every id is `<prefix><16 lowercase hex>` from the session's Derive, with one counter per kind (namespaced
 * `enfinitos.` so they never share a counter with another provider's kinds).
 */
import type { Derive } from '../core/types.js'
import { bytesToHex, hexToBytes, toBase64Url } from '../platform/crypto.js'

const ENFINITOS_ID_PREFIX = {
  basis: 'bas_',
  right: 'rgh_',
  org: 'org_',
  tenant: 'tnt_',
  offer: 'ofr_',
  challenge: 'chl_',
  webhookSubscription: 'whs_',
  developer: 'dev_',
  webhookDelivery: 'dlv_',
} as const

type EnfinitosIdKind = keyof typeof ENFINITOS_ID_PREFIX

/** The next id of `kind` for this session: `<prefix><16 hex>`. `namespace` keeps fixture ids apart from server ids. */
export function newId(derive: Derive, kind: EnfinitosIdKind, namespace = 'enfinitos'): string {
  return `${ENFINITOS_ID_PREFIX[kind]}${derive.nextHex(`${namespace}.${kind}`)}`
}

/** Takes the next id of `kind` without deriving it (cheap); `idAt` derives it later, as `newId` would have. */
export function reserveId(derive: Derive, kind: EnfinitosIdKind): number {
  return derive.reserve(`enfinitos.${kind}`)
}

/** The id `newId` gives for the `ordinal`-th entity of `kind`. */
export function idAt(derive: Derive, kind: EnfinitosIdKind, ordinal: number): string {
  return `${ENFINITOS_ID_PREFIX[kind]}${derive.hexAt(`enfinitos.${kind}`, ordinal)}`
}

/**
 * The sandbox org of a session: derived from the seed without a counter, so the world, the factories and any test
 * agree on it without building anything.
 */
export function sandboxOrgId(derive: Derive): string {
  return `${ENFINITOS_ID_PREFIX.org}${bytesToHex(derive.bytes('enfinitos.sandbox-org', 0, 8))}`
}

/** The sandbox developer (owner of webhook subscriptions). */
export function sandboxDeveloperId(derive: Derive): string {
  return `${ENFINITOS_ID_PREFIX.developer}${bytesToHex(derive.bytes('enfinitos.sandbox-developer', 0, 8))}`
}

/** A webhook signing secret: `whsec_` + 32 base64url characters (24 derived bytes). */
export function newWebhookSecret(derive: Derive): string {
  return `whsec_${toBase64Url(hexToBytes(derive.nextHex('enfinitos.webhook-secret', 48)))}`
}

/** Seed material for the session's key ring and receipt issuer: derived from the session seed, per purpose. */
export function proofSeed(derive: Derive, purpose: 'key-ring' | 'receipts'): string {
  return bytesToHex(derive.bytes(`enfinitos.${purpose}`, 0, 16))
}
