/**
 * Sealed packs as a session keeps them. A pack's metering and settlement are deterministic functions of its records
 * and a few seal inputs, yet they are most of its heap: ~1.5 MB of a 1,000-delivery pack (two meter records and six
 * settlement lines per delivery, each with a fresh 64-hex idemKey), while its records are mostly strings shared with
 * the receipts. So a stored pack keeps the inputs and derives the two on read.
 *
 * {@link storedPack} turns a pack sealPack (seal.ts) made into that form in place: the same object, with `metering` and
 * `settlement` redefined as enumerable getters (redefining keeps a property's place, so the key order is unchanged).
 * Each getter returns the value it last built while that value is alive, through a WeakRef: the value lives as long as
 * a reader holds it (and until the end of the current job at least, so one answer's validation and serialisation
 * share one build), then the garbage collector may take it and the next read builds it again, the same bytes.
 * Readers see plain data: JSON.stringify, for...in and Object.keys (response validation), spread and structuredClone
 * read the getters and copy values, never the getters themselves.
 *
 * Only the session's packs take this form: they are never changed once sealed (`MockResponse.stable`), so a rebuilt
 * value is the value answered before. A pack handed to the user (sealPack's result) stays a plain object whose
 * metering can be edited, e.g. to tamper with it: an edit inside a stored pack's metering would last only as long as
 * the value built.
 */
import { buildMetering } from './metering.js'
import { buildSettlement } from './settlement.js'
import { DEFAULT_TARIFF, type Tariff } from './tariff.js'
import type { Metering, ProofPack, ReceiptRecord, Settlement, SettlementVersion } from './types.js'

/** What a pack's metering and settlement are built from. */
export interface LedgerInputs {
  orgId: string
  /** The pack's records, in pack order. */
  records: readonly ReceiptRecord[]
  /** The first record's issuedAt. */
  periodStart: string
  /** The pack's issuedAt. */
  periodEnd: string
  tariff: Tariff
  settlementVersion: SettlementVersion
  /** Undefined: the tariff's currency. */
  currency: string | undefined
}

/** metering.v1 of a pack: its records per the tariff's plan, status PROJECTED. */
export function ledgerMetering(inputs: LedgerInputs): Metering {
  const { orgId, periodStart, periodEnd, tariff } = inputs
  return buildMetering(inputs.records, { orgId, periodStart, periodEnd, tariff })
}

/** The settlement of a pack's metering, in the version and currency it was sealed with. */
export function ledgerSettlement(metering: Metering, inputs: LedgerInputs): Settlement {
  return buildSettlement(metering, {
    tariff: inputs.tariff,
    version: inputs.settlementVersion,
    ...(inputs.currency === undefined ? {} : { currency: inputs.currency }),
  })
}

/** The inputs of the packs sealPack made and no session stores yet; an entry goes with its pack. */
const sealedInputs = new WeakMap<ProofPack, LedgerInputs>()

/**
 * Remembers what `pack`'s metering and settlement were built from, for {@link storedPack}. A tariff other than the
 * frozen default is copied: the caller may change its object afterwards, and a rebuild must use the one sealed with.
 */
export function rememberLedgerInputs(pack: ProofPack, inputs: LedgerInputs): void {
  const tariff = inputs.tariff === DEFAULT_TARIFF ? inputs.tariff : structuredClone(inputs.tariff)
  sealedInputs.set(pack, { ...inputs, tariff })
}

/**
 * Turns a pack sealPack made into the stored form (see above), in place, and returns it; its current metering and
 * settlement are the first values the getters return. A pack sealPack did not make, or already stored, is returned as
 * it is.
 */
export function storedPack(pack: ProofPack): ProofPack {
  const inputs = sealedInputs.get(pack)
  if (inputs === undefined) return pack
  sealedInputs.delete(pack)
  const metering = lastBuilt(pack.metering, () => ledgerMetering(inputs))
  const settlement = lastBuilt(pack.settlement, () => ledgerSettlement(metering(), inputs))
  derivedProperty(pack, 'metering', metering)
  derivedProperty(pack, 'settlement', settlement)
  return pack
}

/** A reader of a value `build` makes: the last value while it is alive (first `seed`), else a new build. */
function lastBuilt<T extends object>(seed: T, build: () => T): () => T {
  let last = new WeakRef(seed)
  return () => {
    const alive = last.deref()
    if (alive !== undefined) return alive
    const value = build()
    last = new WeakRef(value)
    return value
  }
}

/**
 * `key` of `pack` redefined as an enumerable getter. Assigning it behaves as on a plain object: the property becomes
 * a data property holding the value assigned.
 */
function derivedProperty<K extends 'metering' | 'settlement'>(pack: ProofPack, key: K, read: () => ProofPack[K]) {
  Object.defineProperty(pack, key, {
    enumerable: true,
    configurable: true,
    get: read,
    set(value: ProofPack[K]) {
      Object.defineProperty(pack, key, { value, writable: true, enumerable: true, configurable: true })
    },
  })
}
