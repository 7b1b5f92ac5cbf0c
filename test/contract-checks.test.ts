// The contract checks CI runs must be able to fail: the Spectral ruleset catches a spec that breaks the project's
// rules, and the drift check catches a spec edited without regenerating the types. Both run on temporary copies.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { packageRoot } from '../mocks/core/contract.js'
import { run } from './helpers/run.js'

const root = packageRoot()
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'standin-contract-'))
  for (const dir of ['openapi', 'generated', 'scripts', 'spectral'])
    await cp(join(root, dir), join(work, dir), { recursive: true })
  await cp(join(root, '.spectral.yaml'), join(work, '.spectral.yaml'))
  await cp(join(root, 'package.json'), join(work, 'package.json'))
  await symlink(join(root, 'node_modules'), join(work, 'node_modules'))
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const spectral = join(root, 'node_modules', '.bin', 'spectral')

describe('spec lint', () => {
  it('passes both specs with zero errors and zero warnings', async () => {
    const result = await run(
      spectral,
      [
        'lint',
        '--quiet',
        '--fail-severity=warn',
        '-f',
        'json',
        '--ruleset',
        '.spectral.yaml',
        'openapi/enfinitos.yaml',
        'openapi/dedit.yaml',
      ],
      { cwd: work },
    )
    expect(JSON.parse(result.stdout)).toEqual([])
    expect(result.code).toBe(0)
  })

  it('fails a spec that drops provenance, a 500, an example and leaves a component unused', async () => {
    const doc = parse(await readFile(join(work, 'openapi/dedit.yaml'), 'utf8'))
    delete doc.paths['/api/v2/auth/login'].post['x-standin-source']
    delete doc.paths['/api/v2/payment/subscription/active'].get.responses['500']
    doc.components.schemas.NeverUsed = { type: 'string' }
    const getSub = doc.paths['/api/v2/subscription/{sessionId}'].get
    getSub.responses['200'] = {
      description: 'no example',
      content: { 'application/json': { schema: { type: 'object' } } },
    }
    getSub.operationId = 'get_subscription'
    await writeFile(join(work, 'broken.yaml'), stringify(doc))
    const result = await run(
      spectral,
      ['lint', '--quiet', '--fail-severity=warn', '-f', 'json', '--ruleset', '.spectral.yaml', 'broken.yaml'],
      { cwd: work },
    )
    expect(result.code).not.toBe(0)
    const codes = new Set(JSON.parse(result.stdout).map((d: { code: string }) => d.code))
    for (const rule of [
      'standin-source',
      'standin-declares-500',
      'standin-response-examples',
      'standin-operation-id-camel-case',
      'oas3-unused-component',
    ]) {
      expect(codes, rule).toContain(rule)
    }
  })
})

describe('generated-files drift check', () => {
  it('passes when generated/ matches the specs, and fails naming the file after a spec edit', async () => {
    const clean = await run(process.execPath, ['scripts/generate.mjs', '--check', '--root', work], { cwd: work })
    expect(clean.code, clean.stderr).toBe(0)

    const specFile = join(work, 'openapi/enfinitos.yaml')
    const doc = parse(await readFile(specFile, 'utf8'))
    doc.components.schemas.Right.properties.nickname = { type: 'string' }
    await writeFile(specFile, stringify(doc))
    const drifted = await run(process.execPath, ['scripts/generate.mjs', '--check', '--root', work], { cwd: work })
    expect(drifted.code).toBe(1)
    expect(drifted.stderr).toContain('generated/enfinitos.ts')
    expect(drifted.stderr).not.toContain('generated/dedit.ts')
  })
})
