// The floor for the HTTP benchmark: a bare node:http server that answers each route with fixed bytes (captured from
// standin for the same requests), reading the request body first as any real server must. No routing table beyond a
// Map lookup, no validation, no state. Usage: node bench/bare-server.mjs <responses.json> <port>
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

const [file, port = '0'] = process.argv.slice(2)
/** @type {{method: string, path: string, status: number, headers: Record<string, string>, body: string}[]} */
const responses = file ? JSON.parse(readFileSync(file, 'utf8')) : []
const routes = new Map(
  responses.map((r) => [
    `${r.method} ${r.path}`,
    {
      status: r.status,
      headers: { ...r.headers, 'content-length': Buffer.byteLength(r.body) },
      body: Buffer.from(r.body),
    },
  ]),
)
const notFound = Buffer.from('{"error":"not found"}')

const server = createServer((req, res) => {
  const chunks = []
  req.on('data', (c) => chunks.push(c))
  req.on('end', () => {
    const route = routes.get(`${req.method} ${req.url}`)
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json', 'content-length': notFound.length }).end(notFound)
      return
    }
    res.writeHead(route.status, route.headers).end(route.body)
  })
})
server.keepAliveTimeout = 5000
server.listen(Number(port), '127.0.0.1', () => {
  console.log(`bare server listening on http://127.0.0.1:${server.address().port}`)
})
const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
