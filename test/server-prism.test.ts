// `standin serve --engine prism`: Stoplight Prism on the same spec, side by side with standin, one provider at a time.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PRISM_TESTED_VERSION, PrismNotInstalledError, prismArgs, resolvePrism } from '../mocks/prism.js'
import { NODE_ARGS, startCli } from './helpers/cli.js'
import { run } from './helpers/run.js'

const cli = (...args: string[]) => run(process.execPath, [...NODE_ARGS, ...args])

describe('standin serve --engine prism', () => {
  it('runs Prism on the provider spec and stops it on SIGTERM', async () => {
    const prism = await startCli(['--engine', 'prism', '--provider', 'enfinitos'], 60_000)
    try {
      expect(prism.output()).toMatch(/engine prism: Stoplight Prism 5\.14\.2 on openapi\/enfinitos\.yaml/)
      expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      // Prism answers from the spec's examples
      const keys = await fetch(`${prism.url}/v1/runtime-keys`)
      expect(keys.status).toBe(200)
      expect(await keys.json()).toMatchObject({ ok: true, data: { keys: expect.any(Array) } })
      const unauthenticated = await fetch(`${prism.url}/v1/rights`)
      expect(unauthenticated.status).toBe(401)
    } finally {
      expect(await prism.stop('SIGTERM')).toBe(0)
    }
  }, 90_000)

  it('serves one provider at a time, and says so', async () => {
    for (const args of [[], ['--provider', 'enfinitos,dedit']]) {
      const r = await cli('serve', '--engine', 'prism', ...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('--engine prism serves one provider at a time')
    }
  })

  it("refuses standin's own options, and an unknown engine", async () => {
    const r = await cli(
      'serve',
      '--engine',
      'prism',
      '--provider',
      'dedit',
      '--scenario',
      'dedit:auth.login-rejected',
      '--seed',
      '3',
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--seed, --scenario: not available with --engine prism')
    const engine = await cli('serve', '--engine', 'wiremock')
    expect(engine.code).toBe(2)
    expect(engine.stderr).toContain('--engine must be standin or prism, got "wiremock"')
  })
})

describe('resolving Prism', () => {
  it('finds the installed @stoplight/prism-cli and its bin', () => {
    const install = resolvePrism()
    expect(install.version).toBe(PRISM_TESTED_VERSION)
    expect(install.bin).toMatch(/@stoplight[/\\]prism-cli[/\\]dist[/\\]index\.js$/)
  })

  it('says how to install it when it is not there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'standin-no-prism-'))
    writeFileSync(join(dir, 'package.json'), '{"name":"consumer","type":"module"}')
    const attempt = () => resolvePrism(join(dir, 'index.js'))
    expect(attempt).toThrow(PrismNotInstalledError)
    expect(attempt).toThrow('npm install --save-dev @stoplight/prism-cli@5.14.2')
  })

  it("passes Prism's own flags for host, port and CORS", () => {
    expect(prismArgs({ spec: 'openapi/dedit.yaml', host: '127.0.0.1', port: 4011 })).toEqual([
      'mock',
      'openapi/dedit.yaml',
      '-h',
      '127.0.0.1',
      '-p',
      '4011',
    ])
    expect(prismArgs({ spec: 's.yaml', host: 'localhost', port: 0, cors: false })).toContain('--cors=false')
  })
})
