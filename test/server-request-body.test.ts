// How `standin serve` reads a request body, whichever way its bytes arrive: with the headers, after them in pieces, or
// chunked; each gives the engine the same text and keeps the connection usable, and a body over the limit is refused
// with 413 and `Connection: close`. Raw sockets, so the test decides how the bytes arrive.
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../mocks/server.js'
import { createEngine } from './helpers/engine.js'

const LIMIT = 2000
let server: RunningServer
let port: number

beforeAll(async () => {
  const engine = createEngine({ providers: ['enfinitos'], scenarios: 'none', maxBodyBytes: LIMIT })
  server = await startServer(engine, {
    port: 0,
    maxBodyBytes: LIMIT,
    session: { seed: 7, clock: '2026-04-01T12:00:00.000Z' },
  })
  port = server.port
})
afterAll(async () => {
  await server?.close()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A basis of the seeded world, for a valid issueRight body. */
async function basisId(): Promise<string> {
  const res = await fetch(`${server.url}/v1/rights/bases`, { headers: { authorization: KEY } })
  const body = (await res.json()) as { data: { bases: { id: string }[] } }
  return (body.data.bases[0] as { id: string }).id
}

const KEY = 'Bearer sk_test_0123456789abcdef'

function head(body: string, extra = ''): string {
  return (
    `POST /v1/rights/issue HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: ${KEY}\r\n` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`
  )
}

interface Answer {
  status: number
  headers: string
  body: string
}

/** Reads answers off a raw socket, one at a time (Content-Length framed). */
function reader(socket: Socket) {
  let buffered = ''
  let wake: (() => void) | null = null
  socket.setEncoding('latin1')
  socket.on('data', (text: string) => {
    buffered += text
    wake?.()
  })
  socket.on('end', () => wake?.())
  return async function next(): Promise<Answer> {
    const deadline = Date.now() + 5000
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n')
      if (end >= 0) {
        const headers = buffered.slice(0, end)
        const length = Number(/content-length: (\d+)/i.exec(headers)?.[1] ?? 0)
        if (buffered.length >= end + 4 + length) {
          const body = buffered.slice(end + 4, end + 4 + length)
          buffered = buffered.slice(end + 4 + length)
          return { status: Number(headers.slice(9, 12)), headers: headers.toLowerCase(), body }
        }
      }
      if (Date.now() > deadline) throw new Error(`no whole answer within 5 s; got ${JSON.stringify(buffered)}`)
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 50)
      })
    }
  }
}

async function open(): Promise<{ socket: Socket; next: () => Promise<Answer> }> {
  const socket = connect(port, '127.0.0.1')
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  socket.setNoDelay(true)
  return { socket, next: reader(socket) }
}

describe('request bodies over a real socket', () => {
  let body: string
  beforeAll(async () => {
    body = JSON.stringify({
      basisId: await basisId(),
      substrate: 'DOOH',
      scope: 'Platform 9 screens',
      effectiveFrom: '2026-04-01T12:00:00.000Z',
    })
  })

  /** The right issued from the body just sent, then one more on the same connection (it is still usable). */
  async function issuedThenAnother(socket: Socket, next: () => Promise<Answer>) {
    const first = await next()
    expect(first.status, first.body).toBe(200)
    expect(JSON.parse(first.body).data.right.scope).toBe('Platform 9 screens')
    socket.write(head(body) + body)
    expect((await next()).status).toBe(200)
    socket.destroy()
  }

  it('reads a body that came with its headers, and the connection serves the next request', async () => {
    const { socket, next } = await open()
    socket.write(head(body) + body)
    await issuedThenAnother(socket, next)
  })

  it('reads a body that arrives after its headers, in pieces, as a stream', async () => {
    const { socket, next } = await open()
    socket.write(head(body))
    await sleep(30)
    socket.write(body.slice(0, 20))
    await sleep(30)
    socket.write(body.slice(20))
    await issuedThenAnother(socket, next)
  })

  it('reads a chunked body, whole or in pieces', async () => {
    const chunked = `${(20).toString(16)}\r\n${body.slice(0, 20)}\r\n${(body.length - 20).toString(16)}\r\n${body.slice(20)}\r\n0\r\n\r\n`
    const headers = head('', 'transfer-encoding: chunked\r\n').replace(/content-length: 0\r\n/, '')
    const { socket, next } = await open()
    socket.write(headers + chunked)
    expect((await next()).status).toBe(200)
    socket.write(headers)
    await sleep(20)
    socket.write(chunked.slice(0, 30))
    await sleep(20)
    socket.write(chunked.slice(30))
    expect((await next()).status).toBe(200)
    socket.destroy()
  })

  it('answers an empty body (Content-Length: 0) with 400 naming /body', async () => {
    const { socket, next } = await open()
    socket.write(head(''))
    const answer = await next()
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body).error.details).toContainEqual({
      path: '/body',
      message: 'a JSON request body is required',
    })
    socket.destroy()
  })

  it('refuses a body over the limit with 413 and closes, whether it came whole or in pieces', async () => {
    const big = JSON.stringify({ scope: 'x'.repeat(LIMIT) })
    for (const inPieces of [false, true]) {
      const { socket, next } = await open()
      if (inPieces) {
        socket.write(head(big))
        await sleep(20)
        socket.write(big.slice(0, 1000))
        await sleep(20)
        socket.write(big.slice(1000))
      } else socket.write(head(big) + big)
      const answer = await next()
      expect(answer.status, `in pieces: ${inPieces}`).toBe(413)
      expect(answer.headers).toContain('connection: close')
      socket.destroy()
    }
  })
})
