// Same seed and clock, same requests: byte-identical responses. A different seed: different ids. Values derive from
// (seed, kind, ordinal), so the bytes do not depend on anything but the script.
import { describe, expect, it } from 'vitest'
import { createStandin } from '../mocks/index.js'
import { type Exchange, fetchSender, runScript, type ScriptRequest } from './helpers/script.js'

const CLOCK = '2026-04-01T12:00:00.000Z'
const ORIGIN = { enfinitos: 'https://sandbox.api.enfinitos.com', dedit: 'https://app.dedit.io' }

/** The full script (about 35 calls) then reads and writes cycling until 200 requests have been made. */
async function twoHundred(seed: number): Promise<Exchange[]> {
  const standin = createStandin({ seed, clock: CLOCK })
  const send = fetchSender(
    (r) => standin.fetch(r),
    (req: ScriptRequest) => ORIGIN[req.provider],
  )
  const log = await runScript(send)
  const auth = { authorization: 'Bearer sk_test_0123456789abcdef', 'content-type': 'application/json' }
  const rights = log.find((l) => l.req.operationId === 'listRights')?.body.data.rights as { id: string }[]
  // The extra requests below read and write this right: without one they would all be the same 404.
  expect(rights.length).toBeGreaterThan(0)
  const extra: ScriptRequest[] = [
    {
      provider: 'enfinitos',
      operationId: 'listRights',
      method: 'GET',
      path: '/v1/rights?limit=3&cursor=1',
      headers: auth,
    },
    {
      provider: 'enfinitos',
      operationId: 'getRight',
      method: 'GET',
      path: `/v1/rights/${rights[0]?.id}`,
      headers: auth,
    },
    {
      provider: 'enfinitos',
      operationId: 'observeDelivery',
      method: 'POST',
      path: '/v1/delivery',
      headers: auth,
      body: { rightId: rights[0]?.id, spatialAnchorId: 'anchor_ünïcode_☂', dwellMs: 4242 },
    },
    {
      provider: 'enfinitos',
      operationId: 'sealProofPack',
      method: 'POST',
      path: '/v1/proof-packs/seal',
      headers: auth,
    },
    { provider: 'enfinitos', operationId: 'listProofPacks', method: 'GET', path: '/v1/proof-packs', headers: auth },
    {
      provider: 'enfinitos',
      operationId: 'issueRight',
      method: 'POST',
      path: '/v1/rights/issue',
      headers: auth,
      body: { basisId: 'bas_0000000000000000', substrate: 'CTV', scope: 'UK', effectiveFrom: CLOCK },
    },
    { provider: 'enfinitos', operationId: 'getRuntimeKeys', method: 'GET', path: '/v1/runtime-keys' },
  ]
  for (let i = 0; log.length < 200; i++) {
    const req = extra[i % extra.length] as ScriptRequest
    log.push({ req, ...(await send(req)) })
  }
  return log
}

describe('determinism', () => {
  it('gives byte-identical responses for the same seed, clock and 200-request script', async () => {
    const [a, b] = await Promise.all([twoHundred(42), twoHundred(42)])
    expect(a).toHaveLength(200)
    expect(a.map((x) => x.text)).toEqual(b.map((x) => x.text))
    expect(new Set(a.map((x) => x.status))).toContain(200)
  })

  it('gives different ids for a different seed', async () => {
    const [a, b] = await Promise.all([twoHundred(42), twoHundred(43)])
    const rightIds = (log: Exchange[]) =>
      log.filter((x) => x.req.operationId === 'issueRight' && x.status === 200).map((x) => x.body.data.right.id)
    expect(rightIds(a).length).toBeGreaterThan(0)
    expect(rightIds(a)).not.toEqual(rightIds(b))
    const keys = (log: Exchange[]) => log.find((x) => x.req.operationId === 'getRuntimeKeys')?.body.data.keys
    expect(keys(a)).not.toEqual(keys(b))
  })
})
