import { derivedId, sha256Hex } from './hash.js'
import { KeyRing } from './keys.js'
import { ReceiptIssuer } from './receipt.js'
import { sealPack } from './seal.js'
import type { Tariff } from './tariff.js'
import { formatTimestamp, requireTimestamp } from './time.js'
import type { KeyDirectory, ProofPack, ReceiptRecord, SettlementVersion } from './types.js'

/** Options for {@link buildSampleChain}. All optional; the defaults give 2 packs of 5 deliveries. */
export interface SampleChainOptions {
  seed?: string | number
  /** Default `org_` + 16 hex derived from the seed. */
  orgId?: string
  /** The first delivery's time. Default 2026-04-01T12:00:00.000Z. */
  start?: string
  packs?: number
  deliveriesPerPack?: number
  /** Time between deliveries (ms). Default 1000, so every issuedAt differs. */
  stepMs?: number
  /** Rotate the signing key between packs. Default false. */
  rotateBetweenPacks?: boolean
  tariff?: Tariff
  settlementVersion?: SettlementVersion
}

/** A deterministic org history: its key ring, the packs sealed in series (oldest first) and the key directory. */
export interface SampleChain {
  orgId: string
  ring: KeyRing
  packs: ProofPack[]
  /** The ring's directory as of the last pack's issuedAt. */
  keyDirectory: KeyDirectory
}

/**
 * Builds a deterministic chain of sealed packs for fixtures, scenarios and tests: a key ring from the seed,
 * deliveries on three anchors with seed-derived dwell times (0..59,999 ms), each pack sealed one step after its last
 * delivery and chained to the previous one. Same options, same bytes.
 */
export function buildSampleChain(options: SampleChainOptions = {}): SampleChain {
  const seed = String(options.seed ?? 1)
  const orgId = options.orgId ?? derivedId('org_', `standin|org|${seed}`)
  const start = requireTimestamp(options.start ?? '2026-04-01T12:00:00.000Z', 'start')
  const step = options.stepMs ?? 1000
  const packCount = options.packs ?? 2
  const perPack = options.deliveriesPerPack ?? 5
  let ring = KeyRing.create({ seed, notBefore: formatTimestamp(start - 86_400_000) })
  const issuer = new ReceiptIssuer({ seed })
  const packs: ProofPack[] = []
  let t = start
  for (let p = 0; p < packCount; p++) {
    if (p > 0 && options.rotateBetweenPacks) ring = ring.rotate(formatTimestamp(t))
    const records: ReceiptRecord[] = []
    for (let d = 0; d < perPack; d++) {
      const n = p * perPack + d
      const dwellMs = Number.parseInt(sha256Hex(`standin|dwell|${seed}|${n}`).slice(0, 8), 16) % 60_000
      records.push(
        issuer.issue(
          {
            orgId,
            spatialAnchorId: `anchor_${'ABC'[n % 3]}`,
            spatialPlacementId: n % 2 === 0 ? `place_${'ABC'[n % 3]}` : null,
            correlationId: n % 4 === 0 ? null : `corr_${n}`,
            dwellMs,
          },
          { at: formatTimestamp(t), ring },
        ),
      )
      t += step
    }
    packs.push(
      sealPack({
        orgId,
        records,
        issuedAt: formatTimestamp(t),
        previousPack: packs[packs.length - 1] ?? null,
        sequence: packs.length + 1,
        ...(options.tariff ? { tariff: options.tariff } : {}),
        ...(options.settlementVersion ? { settlementVersion: options.settlementVersion } : {}),
      }),
    )
    t += step
  }
  const lastPack = packs[packs.length - 1]
  return { orgId, ring, packs, keyDirectory: ring.directory(lastPack?.issuedAt ?? formatTimestamp(start)) }
}
