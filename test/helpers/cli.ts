// Spawns the real CLI (from the sources, through tsx) and waits for the URL it prints; plus a raw node:http client for
// what fetch hides (sockets, keep-alive, bytes actually received before a connection closed).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { type Agent, request } from 'node:http'
import { join } from 'node:path'
import { packageRoot } from '../../mocks/core/contract.js'

export const CLI = join(packageRoot(), 'mocks', 'cli.ts')
export const NODE_ARGS = ['--import', 'tsx', CLI]

export interface RunningCli {
  child: ChildProcessWithoutNullStreams
  url: string
  output: () => string
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>
  stop: (signal?: NodeJS.Signals) => Promise<number | null>
}

/** Starts `standin serve --port 0 ...` and resolves once it prints its URL (or rejects with what it printed). */
export function startCli(args: string[], timeoutMs = 20_000): Promise<RunningCli> {
  const child = spawn(process.execPath, [...NODE_ARGS, 'serve', '--port', '0', ...args], {
    cwd: packageRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`standin serve did not start in ${timeoutMs} ms:\n${out}`))
    }, timeoutMs)
    const onData = () => {
      const m = /standin \S+ listening on (http:\/\/\S+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      child.stdout.off('data', onData)
      resolve({
        child,
        url: m[1] as string,
        output: () => out,
        exited,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        },
      })
    }
    child.stdout.on('data', onData)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`standin serve exited with ${code} before listening:\n${out}`))
    })
  })
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** Every byte received, even when the connection closed before the announced length. */
  body: Buffer
  /** Set when the response was cut short (the connection closed mid-body). */
  aborted: boolean
  /** The client's local port: the same port on two requests means the same connection. */
  localPort: number | undefined
  reusedSocket: boolean
}

export interface RawOptions {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  agent?: Agent
}

/**
 * One request over node:http. Resolves with what arrived (an early close mid-body resolves with `aborted: true`);
 * rejects when no response arrives at all (reset, connection closed before the status line).
 */
export function rawRequest(url: string, options: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        ...(options.agent ? { agent: options.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        let aborted = false
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            aborted,
            localPort: req.socket?.localPort,
            reusedSocket: req.reusedSocket,
          })
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('aborted', () => {
          aborted = true
        })
        res.on('error', () => {
          aborted = true
        })
        res.on('close', done)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}
