// Behaviour pins for the batched writes of the HTTP server (a performance change): answers ready in one turn of the
// event loop are written together at its end. Every answer must still reach its own request, whole, with its own
// headers, on many connections at once and for requests pipelined on one connection (in order).
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../mocks/server.js'
import { createEngine } from './helpers/engine.js'

const KEY = { authorization: 'Bearer sk_test_0123456789abcdef' }
let server: RunningServer

beforeAll(async () => {
  const engine = createEngine()
  server = await startServer(engine, { port: 0, session: { seed: 9, clock: '2026-04-01T12:00:00.000Z' } })
})
afterAll(async () => {
  await server?.close()
})

describe('batched answers', () => {
  it('reach their own requests, whole, when many arrive at once on many connections', async () => {
    const listed = await (await fetch(`${server.url}/v1/rights?limit=8`, { headers: KEY })).json()
    const ids: string[] = listed.data.rights.map((r: { id: string }) => r.id)
    const asks = Array.from({ length: 120 }, (_, i) => ({ id: ids[i % ids.length] as string, session: `s${i % 7}` }))
    const answers = await Promise.all(
      asks.map(async ({ id, session }) => {
        const res = await fetch(`${server.url}/v1/rights/${id}`, { headers: { ...KEY, 'x-standin-session': session } })
        const text = await res.text()
        return { status: res.status, length: Number(res.headers.get('content-length')), text }
      }),
    )
    answers.forEach((answer, i) => {
      expect(answer.status).toBe(200)
      expect(Buffer.byteLength(answer.text)).toBe(answer.length)
      expect(JSON.parse(answer.text).data.right.id).toBe(asks[i]?.id)
    })
  })

  it('answer requests pipelined on one connection, in order', async () => {
    const paths = ['/v1/runtime-keys', '/v1/rights?limit=1', '/v1/nope', '/v1/rights/bases']
    const raw = paths
      .map((p) => `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${KEY.authorization}\r\n\r\n`)
      .join('')
    const text = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(raw))
      let out = ''
      socket.on('data', (d) => {
        out += d
        // the last answer (the bases list) is complete: its JSON closes the envelope
        if (/"bases"[\s\S]*"contractVersion":"v1\.0"}$/.test(out)) socket.end(() => resolve(out))
      })
      socket.on('error', reject)
      setTimeout(() => resolve(out), 5000).unref()
    })
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
    expect(statuses).toEqual([200, 200, 404, 200])
    expect(text.indexOf('"keys"')).toBeLessThan(text.indexOf('"rights"'))
    expect(text.indexOf('"rights"')).toBeLessThan(text.indexOf('NOT_FOUND'))
    expect(text.indexOf('NOT_FOUND')).toBeLessThan(text.indexOf('"bases"'))
  })
})
