// Large answers over HTTP (mocks/http/writer.ts, PIECE_CHARS) go at once, not with the other answers at the end of the
// turn, and a piece at a time: the next piece only once the connection took the one before, so a client reading a
// 3.7 MB sealed pack slowly costs the server one piece of node's own memory, not a second copy of the answer. These
// tests pin that the bytes are the answer's, characters whole across the pieces' edges, that the writer starts at once
// and waits for `drain`, that pipelined answers keep their order, that a client leaving mid-answer harms no other, and
// that a sealed pack served by `standin serve` is the in-process pack byte for byte.
import { EventEmitter } from 'node:events'
import { createServer, type Server, type ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWriter, PIECE_CHARS } from '../mocks/http/writer.js'
import { createStandin } from '../mocks/standin.js'
import { type RunningCli, startCli } from './helpers/cli.js'
import { ENFINITOS_KEY } from './helpers/script.js'

/**
 * Three pieces and a bit of JSON-like text whose every piece edge falls inside a character: an emoji (a surrogate pair)
 * straddles the first edge, two- and three-byte characters sit on the others.
 */
function awkwardBody(): string {
  const head = 'a'.repeat(PIECE_CHARS - 1)
  const body = `${head}😀${'é'.repeat(PIECE_CHARS)}€${'b'.repeat(PIECE_CHARS)}😀😀"}`
  expect(body.charCodeAt(PIECE_CHARS - 1)).toBeGreaterThanOrEqual(0xd800) // the pair's first half ends the piece
  return body
}

/** A server answering `body` on every path but /small (a short answer), written by standin's writer. */
async function serving(body: string): Promise<{ server: Server; url: string }> {
  const writer = createWriter({})
  const server = createServer((req, res) => {
    const text = req.url === '/small' ? '{"small":true}' : body
    writer.write(res, 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }, text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return { server, url: `http://127.0.0.1:${address.port}/` }
}

const closing = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

describe('a large answer over HTTP', () => {
  it('arrives as the answer’s UTF-8 bytes, characters whole where the pieces meet', async () => {
    const body = awkwardBody()
    const { server, url } = await serving(body)
    try {
      const res = await fetch(url)
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(body)))
      expect(bytes.equals(Buffer.from(body, 'utf8'))).toBe(true)
      expect(bytes.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false) // no replacement character
    } finally {
      await closing(server)
    }
  })

  it('starts at once, not at the end of the turn, and writes its next piece only once the connection took the one before', () => {
    const body = awkwardBody()
    const writes: string[] = []
    let ended: string | undefined
    // A response whose connection is always full: every write asks the writer to wait for `drain`.
    const res = Object.assign(new EventEmitter(), {
      writeHead: () => res,
      write: (piece: string) => writes.push(piece) < 0,
      end: (piece: string) => {
        ended = piece
      },
    })
    createWriter({}).write(res as unknown as ServerResponse, 200, {}, body)
    expect(writes).toHaveLength(1) // already written: its text does not wait for the other answers of the turn
    expect(writes[0]).toHaveLength(PIECE_CHARS - 1) // one short: the emoji's two halves stay together
    res.emit('drain')
    expect(writes).toHaveLength(2)
    res.emit('drain')
    res.emit('drain')
    expect(ended).toBeDefined()
    expect([...writes, ended].join('')).toBe(body)
  })

  it('still answers others whole after a client left in the middle of its answer', async () => {
    const body = awkwardBody()
    const { server, url } = await serving(body)
    try {
      const { port } = new URL(url)
      const firstBytes = await new Promise<number>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
        socket.once('data', (chunk) => {
          socket.destroy() // gone after the first bytes, the rest of the answer unread
          resolve(chunk.length)
        })
        socket.once('error', reject)
      })
      expect(firstBytes).toBeGreaterThan(0)
      const res = await fetch(url)
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(body))).toBe(true)
    } finally {
      await closing(server)
    }
  })
})

/** Sends `paths` pipelined on one connection and resolves with every byte it received until the server closed it. */
function pipelined(url: string, paths: string[]): Promise<Buffer> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = connect(Number(port), '127.0.0.1', () => {
      const last = paths.length - 1
      socket.write(
        paths
          .map((p, i) => `GET ${p} HTTP/1.1\r\nHost: x\r\n${i === last ? 'Connection: close\r\n' : ''}\r\n`)
          .join(''),
      )
    })
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.once('end', () => resolve(Buffer.concat(chunks)))
    socket.once('error', reject)
  })
}

describe('answers pipelined on one connection', () => {
  it('come back in the order asked, a large one (written at once) between short ones (written at the end of the turn)', async () => {
    const body = awkwardBody()
    const { server, url } = await serving(body)
    try {
      const received = await pipelined(url, ['/small', '/large', '/small'])
      const small = Buffer.from('{"small":true}')
      const bodies: Buffer[] = []
      let at = 0
      for (let i = 0; i < 3; i++) {
        const headEnd = received.indexOf('\r\n\r\n', at)
        const length = Number(/content-length: (\d+)/i.exec(received.subarray(at, headEnd).toString())?.[1])
        bodies.push(received.subarray(headEnd + 4, headEnd + 4 + length))
        at = headEnd + 4 + length
      }
      expect(at).toBe(received.length)
      expect(bodies[0]?.equals(small)).toBe(true)
      expect(bodies[1]?.equals(Buffer.from(body))).toBe(true)
      expect(bodies[2]?.equals(small)).toBe(true)
    } finally {
      await closing(server)
    }
  })
})

describe('a sealed pack from standin serve', () => {
  const CLOCK = '2026-04-01T12:00:00.000Z'
  let cli: RunningCli
  beforeAll(async () => {
    cli = await startCli(['--seed', '42', '--clock', CLOCK, '--log', 'silent'])
  })
  afterAll(async () => {
    await cli?.stop()
  })

  /** Observes `n` deliveries against the first ACTIVE right and seals them, through `send`; returns the seal's text. */
  async function sealAfter(n: number, send: (path: string, body?: unknown) => Promise<Response>): Promise<string> {
    const rights = (await (await send('/v1/rights?status=ACTIVE&limit=1')).json()) as {
      data: { rights: { id: string }[] }
    }
    const rightId = rights.data.rights[0]?.id
    for (let i = 0; i < n; i++) {
      const res = await send('/v1/delivery', {
        rightId,
        spatialAnchorId: 'anchor_kings_cross_concourse_03',
        spatialPlacementId: 'placement_kx_digital_6sheet_12',
        dwellMs: 1000 + i,
      })
      expect(res.status).toBe(200)
      await res.arrayBuffer()
    }
    const sealed = await send('/v1/proof-packs/seal', {})
    expect(sealed.status).toBe(200)
    return sealed.text()
  }

  const sender =
    (fetcher: (url: string, init: RequestInit) => Promise<Response>, origin: string) =>
    (path: string, body?: unknown) =>
      fetcher(`${origin}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${ENFINITOS_KEY}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })

  it('is the in-process pack byte for byte, though it went out in pieces', async () => {
    const standin = createStandin({ seed: 42, clock: CLOCK })
    const inProcess = await sealAfter(
      100,
      sender((url, init) => standin.fetch(url, init), 'http://standin.test'),
    )
    const overHttp = await sealAfter(100, sender(fetch, cli.url))
    expect(overHttp.length).toBeGreaterThan(PIECE_CHARS) // more than one piece
    expect(overHttp).toBe(inProcess)
  })
})
