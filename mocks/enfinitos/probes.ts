/**
 * What `standin verify` sends to a live EnfinitOS (core/conformance.ts): read-only probes (listings, fetches of ids
 * found in them, a proof pack verified under the auditor rules, metering and settlement, requests that must be
 * rejected, a request without credentials), and with `allowWrites` one short flow that creates data: register a
 * basis, issue a right, observe a delivery, seal, fetch the pack and verify it, revoke the right.
 */
import { answerTime, type ProbeAnswer, type ProbeFinding, type Prober, type VerifyProbes } from '../core/conformance.js'
import { randomUUID } from '../platform/crypto.js'
import { REASON_CODES, type ReasonCode } from './proof/reasons.js'
import type { KeyDirectory, ProofPack } from './proof/types.js'
import { verifyPack } from './proof/verify.js'

// biome-ignore lint/suspicious/noExplicitAny: provider bodies are read loosely; they are validated separately.
type Json = any

const iso = (ms: number) => new Date(ms).toISOString()
const DAY = 86_400_000
/** How many of the newest packs are listed to find the one before a pack (the documented page limit). */
const MAX_PACKS_SCANNED = 200

/** The provider's idea of now: its key directory's issuedAt, else its Date header, else ours. */
function referenceTime(keys: ProbeAnswer): number {
  const fromBody = Date.parse(keys.body?.data?.issuedAt ?? '')
  return Number.isFinite(fromBody) ? fromBody : answerTime(keys.headers)
}

/** Findings for the verifier's failed checks on a pack fetched from the provider. */
function packFindings(pack: ProofPack, keys: KeyDirectory, priorAfterHash: string | null): ProbeFinding[] {
  const report = verifyPack(pack, keys, { priorAfterHash })
  return report.checks
    .filter((c) => !c.ok)
    .map((c) => {
      const standinOnly = (REASON_CODES[c.code as ReasonCode] ?? '').startsWith('standin:')
      return {
        kind: 'proof' as const,
        path: `/data/proofPack${c.path ?? ''}`,
        message: `${c.code}: ${c.message}`,
        ...(c.expected !== undefined ? { expected: c.expected } : {}),
        ...(c.actual !== undefined ? { found: c.actual } : {}),
        basis: standinOnly ? ('inferred' as const) : ('documented' as const),
        ...(standinOnly
          ? {
              inferredBecause:
                'a check standin adds to the documented auditor rules (docs/inferred.md, verifier codes)',
            }
          : {}),
      }
    })
}

/**
 * The last afterHash of the pack sealed just before `pack`, which its first beforeHash must carry. Packs are linked by
 * hashes alone, so the previous pack is found in the listing (newest first): the one listed right after `pack`. A
 * first beforeHash of null is an org's first pack: nothing to fetch.
 */
async function priorAfterHashOf(p: Prober, pack: Json): Promise<{ afterHash: string | null; note?: string }> {
  const first = pack.records?.[0]?.beforeHash
  if (first === null || first === undefined) return { afterHash: null }
  const listed = await p.probe({
    name: 'the pack before it (for the chain link)',
    operationId: 'listProofPacks',
    method: 'GET',
    path: `/v1/proof-packs?limit=${MAX_PACKS_SCANNED}`,
  })
  const packs: Json[] = Array.isArray(listed.body?.data?.proofPacks) ? listed.body.data.proofPacks : []
  const at = packs.findIndex((candidate) => candidate?.packId === pack.packId)
  const last = at >= 0 ? packs[at + 1]?.records?.at?.(-1)?.afterHash : undefined
  if (typeof last === 'string') return { afterHash: last }
  // Not among the newest packs listed: the link to the previous pack is taken as stated, not checked.
  return {
    afterHash: typeof first === 'string' ? first : null,
    note: `the previous pack is not among the ${MAX_PACKS_SCANNED} newest: the chain link to it was not checked`,
  }
}

/** Verifies a fetched pack under the auditor rules; the failed checks become findings of the probe that fetched it. */
async function checkPack(p: Prober, pack: Json, keys: Json, into: ProbeAnswer): Promise<void> {
  if (!pack || typeof pack !== 'object' || !keys) return
  const prior = await priorAfterHashOf(p, pack)
  if (prior.note !== undefined) into.note(prior.note)
  for (const finding of packFindings(pack, keys, prior.afterHash)) into.report(finding)
}

async function readOnly(p: Prober, allowWrites: boolean): Promise<void> {
  const keys = await p.probe({
    name: 'runtime keys (public, no credentials)',
    operationId: 'getRuntimeKeys',
    method: 'GET',
    path: '/v1/runtime-keys',
    auth: false,
  })
  const now = referenceTime(keys)
  await p.probe({ name: 'list bases', operationId: 'listBases', method: 'GET', path: '/v1/rights/bases' })
  const rights = await p.probe({
    name: 'list rights',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights?limit=5',
  })
  await p.probe({
    name: 'list ACTIVE rights, 2 per page',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights?status=ACTIVE&limit=2',
  })
  const rightId = rights.body?.data?.rights?.[0]?.id
  if (typeof rightId === 'string') {
    await p.probe({
      name: 'fetch the first right listed',
      operationId: 'getRight',
      method: 'GET',
      path: `/v1/rights/${encodeURIComponent(rightId)}`,
    })
  } else p.skip('fetch the first right listed', 'getRight', 'the listing held no right')
  await p.probe({
    name: 'list challenges',
    operationId: 'listChallenges',
    method: 'GET',
    path: '/v1/challenges?limit=5',
  })
  const packs = await p.probe({
    name: 'list proof packs',
    operationId: 'listProofPacks',
    method: 'GET',
    path: '/v1/proof-packs?limit=2',
  })
  const packId = packs.body?.data?.proofPacks?.[0]?.packId
  if (typeof packId === 'string') {
    const pack = await p.probe({
      name: 'fetch the newest pack and verify it (auditor rules)',
      operationId: 'getProofPack',
      method: 'GET',
      path: `/v1/proof-packs/${encodeURIComponent(packId)}`,
    })
    await checkPack(p, pack.body?.data?.proofPack, keys.body?.data, pack)
  } else p.skip('fetch the newest pack and verify it (auditor rules)', 'getProofPack', 'the listing held no pack')
  const period = `periodStart=${encodeURIComponent(iso(now - 30 * DAY))}&periodEnd=${encodeURIComponent(iso(now))}`
  await p.probe({
    name: 'metering, last 30 days',
    operationId: 'getMetering',
    method: 'GET',
    path: `/v1/metering?${period}`,
  })
  await p.probe({
    name: 'settlement, last 30 days, GBP',
    operationId: 'getSettlement',
    method: 'GET',
    path: `/v1/settlement?${period}&currency=GBP`,
    expect: { allow: { 403: "403: the key's role lacks settlement:read, so the settlement shape was not checked" } },
  })

  // Invalid on purpose: each must be rejected with a 4xx.
  await p.probe({
    name: 'invalid: unknown status filter',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights?status=NOT_A_STATUS',
    expect: { reject: { why: 'status=NOT_A_STATUS is not a documented right status', basis: 'documented' } },
  })
  await p.probe({
    name: 'invalid: malformed right id',
    operationId: 'getRight',
    method: 'GET',
    path: '/v1/rights/not-a-right-id',
    expect: { reject: { why: 'right ids are rgh_ + 16 hex (documented)', basis: 'documented' } },
  })
  await p.probe({
    name: 'invalid: lower-case currency',
    operationId: 'getSettlement',
    method: 'GET',
    path: `/v1/settlement?${period}&currency=gbp`,
    expect: { reject: { why: 'currency must match ^[A-Z]{3}$ (documented)', basis: 'documented' } },
  })
  await p.probe({
    name: 'unknown right',
    operationId: 'getRight',
    method: 'GET',
    path: '/v1/rights/rgh_0000000000000000',
    expect: { reject: { why: 'a right that does not exist cannot be fetched', basis: 'documented' } },
  })
  await p.probe({
    name: 'no credentials',
    operationId: 'listRights',
    method: 'GET',
    path: '/v1/rights',
    auth: false,
    expect: { unauthorized: true },
  })
  if (allowWrites) await writeFlow(p, now)
}

/** Register a basis, issue a right, observe a delivery, seal, fetch the pack and verify it; revoke the right. */
async function writeFlow(p: Prober, now: number): Promise<void> {
  const stamp = iso(now)
  const from = iso(now - 60_000)
  const flow = 'write flow'
  const basis = await p.probe({
    name: `${flow}: register a basis`,
    operationId: 'registerBasis',
    method: 'POST',
    path: '/v1/rights/bases',
    body: { kind: 'CONTRACTUAL', description: `standin verify probe ${stamp}`, effectiveFrom: from },
  })
  const basisId = basis.body?.data?.basis?.id
  if (typeof basisId !== 'string') return p.skip(`${flow}: the rest`, 'issueRight', 'no basis id to go on')
  const issued = await p.probe({
    name: `${flow}: issue a right on it`,
    operationId: 'issueRight',
    method: 'POST',
    path: '/v1/rights/issue',
    body: { basisId, substrate: 'DOOH', scope: 'standin verify probe', effectiveFrom: from },
  })
  const rightId = issued.body?.data?.right?.id
  if (typeof rightId !== 'string') return p.skip(`${flow}: the rest`, 'observeDelivery', 'no right id to go on')
  const observed = await p.probe({
    name: `${flow}: observe a delivery`,
    operationId: 'observeDelivery',
    method: 'POST',
    path: '/v1/delivery',
    body: {
      rightId,
      spatialAnchorId: 'standin-verify-anchor',
      dwellMs: 3500,
      correlationId: `standin-verify-${randomUUID()}`,
    },
  })
  const receiptHash = observed.body?.data?.receipt?.afterHash
  const sealed = await p.probe({
    name: `${flow}: seal`,
    operationId: 'sealProofPack',
    method: 'POST',
    path: '/v1/proof-packs/seal',
  })
  const packId = sealed.body?.data?.pack?.packId
  if (sealed.status === 200 && typeof packId !== 'string') {
    sealed.report({
      kind: 'expectation',
      path: '/data/pack',
      message: 'sealing right after a delivery was observed sealed nothing',
      expected: 'a pack holding the delivery',
      found: `sealed: ${JSON.stringify(sealed.body?.data?.sealed)}`,
      basis: 'documented',
    })
  }
  if (typeof packId === 'string') {
    const keys = await p.probe({
      name: `${flow}: runtime keys after sealing`,
      operationId: 'getRuntimeKeys',
      method: 'GET',
      path: '/v1/runtime-keys',
      auth: false,
    })
    const fetched = await p.probe({
      name: `${flow}: fetch the sealed pack and verify it`,
      operationId: 'getProofPack',
      method: 'GET',
      path: `/v1/proof-packs/${encodeURIComponent(packId)}`,
    })
    const pack = fetched.body?.data?.proofPack
    await checkPack(p, pack, keys.body?.data, fetched)
    const hashes = Array.isArray(pack?.records) ? pack.records.map((r: Json) => r?.afterHash) : []
    if (typeof receiptHash === 'string' && pack && !hashes.includes(receiptHash)) {
      fetched.report({
        kind: 'expectation',
        path: '/data/proofPack/records',
        message: 'the sealed pack does not hold the receipt of the delivery observed just before',
        expected: `a record with afterHash ${receiptHash}`,
        found: `${hashes.length} record(s) without it`,
        basis: 'documented',
      })
    }
  }
  await p.probe({
    name: `${flow}: revoke the right (clean-up)`,
    operationId: 'revokeRight',
    method: 'POST',
    path: `/v1/rights/${encodeURIComponent(rightId)}/revoke`,
    body: { reason: 'standin verify probe finished' },
  })
}

export const enfinitosProbes: VerifyProbes = {
  help: {
    token: '--token is the API key, sent as "Authorization: Bearer <key>".',
    writes:
      'register a basis, issue a right, observe a delivery, seal, fetch the pack and verify it with the auditor rules, then revoke the right.',
  },
  async run(p, { token, allowWrites }) {
    p.useCredentials({ authorization: `Bearer ${token}` })
    await readOnly(p, allowWrites)
  },
}
