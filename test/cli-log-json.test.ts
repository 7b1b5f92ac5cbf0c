// `standin serve --log json` prints only JSON lines: the banner, each request, warnings (standin's and Node's), the
// signal notice, the shutdown report, and the errors that end it; `--log pretty` prints the same events for people.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { createServeOutput } from '../mocks/cli/serve-output.js'
import { packageRoot } from '../mocks/core/contract.js'
import { NODE_ARGS, startCli } from './helpers/cli.js'
import { run } from './helpers/run.js'

const tmp = mkdtempSync(join(tmpdir(), 'standin-cli-log-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Loaded before the CLI: emits a Node process warning on SIGUSR2, after the server has started. */
const WARN_ON_SIGNAL = join(tmp, 'warn-on-sigusr2.mjs')
writeFileSync(
  WARN_ON_SIGNAL,
  "process.on('SIGUSR2', () => process.emitWarning('a warning from a library', 'TestWarning'))\n",
)

interface Spawned {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

function spawnServe(args: string[]): Spawned {
  const child = spawn(process.execPath, ['--import', WARN_ON_SIGNAL, ...NODE_ARGS, 'serve', '--port', '0', ...args], {
    cwd: packageRoot(),
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (d) => {
    out += d
  })
  child.stderr.on('data', (d) => {
    err += d
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stdout: () => out, stderr: () => err, exited }
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '')

describe('standin serve --log json', () => {
  it('prints only JSON lines: banner, requests, warnings, the signal notice and the shutdown report', async () => {
    const s = spawnServe(['--log', 'json', '--seed', '3'])
    try {
      await expect.poll(s.stdout, { timeout: 20_000 }).toMatch(/"event":"listening"/)
      const url = JSON.parse(lines(s.stdout())[0] as string).url as string
      expect((await fetch(`${url}/v1/runtime-keys`)).status).toBe(200)
      await expect.poll(s.stdout).toMatch(/"path":"\/v1\/runtime-keys"/)
      s.child.kill('SIGUSR2')
      await expect.poll(s.stdout).toMatch(/"event":"node-warning"/)
      s.child.kill('SIGTERM')
      expect(await s.exited).toBe(0)
    } finally {
      s.child.kill('SIGKILL')
    }
    const events = lines(s.stdout()).map((l) => JSON.parse(l))
    expect(events.map((e) => e.event ?? 'request')).toEqual([
      'listening',
      'request',
      'node-warning',
      'stopping',
      'shutdown',
    ])
    expect(events[2]).toMatchObject({ level: 'warn', message: 'a warning from a library', name: 'TestWarning' })
    expect(events[4]).toMatchObject({
      level: 'info',
      inFlight: 0,
      cut: 0,
      message: expect.stringMatching(/^stopped in/),
    })
    expect(s.stderr()).toBe('')
  }, 40_000)

  it('prints a usage error and a failure to start as one JSON line on stderr', async () => {
    const cli = (...args: string[]) => run(process.execPath, [...NODE_ARGS, 'serve', ...args])
    const usage = await cli('--log', 'json', '--seed', 'abc')
    expect(usage.code).toBe(2)
    expect(usage.stdout).toBe('')
    expect(JSON.parse(usage.stderr)).toEqual({
      level: 'error',
      event: 'exit',
      message: '--seed must be a non-negative integer, got "abc"',
      exitCode: 2,
      hint: 'run `standin serve --help` for usage',
    })
    const running = await startCli(['--log', 'silent'])
    try {
      const taken = await cli('--log=json', '--port', new URL(running.url).port)
      expect(taken.code).toBe(1)
      expect(JSON.parse(taken.stderr)).toMatchObject({
        level: 'error',
        exitCode: 1,
        message: expect.stringMatching(/already in use/),
      })
    } finally {
      await running.stop()
    }
  }, 40_000)
})

describe('standin serve --log pretty', () => {
  it('prints the banner for people and one plain line per request, the same events as JSON', async () => {
    const s = spawnServe(['--clock', '2026-04-01T12:00:00.000Z'])
    try {
      await expect.poll(s.stdout, { timeout: 20_000 }).toMatch(/health/)
      const url = /listening on (\S+)/.exec(s.stdout())?.[1] as string
      expect(s.stdout()).toMatch(/^ {2}enfinitos +http:\/\/127\.0\.0\.1:\d+\/v1 {3}spec: /m)
      expect(s.stdout()).toContain('scenarios  none active')
      await fetch(`${url}/v1/runtime-keys`)
      await expect.poll(s.stdout).toMatch(/^GET \/v1\/runtime-keys -> 200 getRuntimeKeys \d+ ms$/m)
      s.child.kill('SIGUSR2')
      await expect.poll(s.stderr).toContain('TestWarning: a warning from a library') // Node's own, untouched
      s.child.kill('SIGTERM')
      expect(await s.exited).toBe(0)
      expect(s.stdout()).toMatch(/^SIGTERM: answering the requests that have arrived/m)
      expect(s.stdout()).toMatch(/^stopped in \d+ ms: /m)
    } finally {
      s.child.kill('SIGKILL')
    }
  }, 40_000)
})

describe('the serve output', () => {
  /** The output of one ServeOutput, after its lines are flushed. */
  async function capture(mode: 'pretty' | 'json' | 'silent', use: (o: ReturnType<typeof createServeOutput>) => void) {
    const out = new PassThrough()
    let text = ''
    out.on('data', (d) => {
      text += d
    })
    use(createServeOutput(mode, { out }))
    await new Promise((resolve) => setImmediate(resolve))
    return text
  }

  it('prints the not-loopback warning in every mode: a JSON line with --log json, plain text otherwise', async () => {
    const warn = (o: ReturnType<typeof createServeOutput>) =>
      o.warning('not-loopback', 'bound to 0.0.0.0', { host: '0.0.0.0' })
    expect(JSON.parse(await capture('json', warn))).toEqual({
      level: 'warn',
      event: 'not-loopback',
      message: 'bound to 0.0.0.0',
      host: '0.0.0.0',
    })
    expect(await capture('pretty', warn)).toBe('warning: bound to 0.0.0.0\n')
    expect(await capture('silent', warn)).toBe('warning: bound to 0.0.0.0\n')
  })

  it('keeps silent silent except for the banner and warnings', async () => {
    const text = await capture('silent', (o) => {
      o.banner('the banner', { message: 'the banner' })
      o.event('info', 'stopping', 'SIGTERM: stopping')
      expect(o.requestLog).toBeUndefined()
    })
    expect(text).toBe('the banner\n')
  })
})
