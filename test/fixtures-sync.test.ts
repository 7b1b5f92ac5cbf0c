// scripts/check-fixtures.mjs (`npm run check:fixtures`) can fail: run on temporary copies of the committed provider
// fixtures, it passes when they are identical and names every changed, missing or extra file otherwise.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { packageRoot } from '../mocks/core/contract.js'
import { run } from './helpers/run.js'

const SCRIPT = join(packageRoot(), 'scripts', 'check-fixtures.mjs')
const FIXTURES = join(packageRoot(), 'test', 'fixtures', 'providers')
const PAGE = 'reference-pages/enfinitos-issue-a-right.txt'

let work: string
let source: string
let copies: string

const check = (src = source) => run(process.execPath, [SCRIPT, '--source', src, '--fixtures', copies])

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'standin-fixtures-'))
  // A stand-in for the shared originals (the fixtures without their README) and a copy of the fixtures to break.
  source = join(work, 'source')
  copies = join(work, 'copies')
  cpSync(FIXTURES, source, { recursive: true })
  rmSync(join(source, 'README.md'))
  cpSync(FIXTURES, copies, { recursive: true })
})

afterEach(() => rmSync(work, { recursive: true, force: true }))

describe('check:fixtures', () => {
  it('passes when every copy equals its original (the README is the folder’s own)', async () => {
    const r = await check()
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('check:fixtures ok')
    expect(r.code).toBe(0)
  })

  it('fails on a copy that differs by one byte, naming it', async () => {
    const text = readFileSync(join(copies, 'dedit.md'), 'utf8')
    writeFileSync(join(copies, 'dedit.md'), `${text} `)
    const r = await check()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('- differs: dedit.md')
    expect(r.stderr).toContain('1 file(s) out of sync')
  })

  it('fails on a missing copy, naming it', async () => {
    unlinkSync(join(copies, PAGE))
    const r = await check()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`- missing: ${PAGE}`)
  })

  it('names every problem at once: changed, missing, and a copy with no original', async () => {
    writeFileSync(join(copies, 'enfinitos.md'), 'not the facts file\n')
    unlinkSync(join(copies, 'dedit.md'))
    writeFileSync(join(copies, 'reference-pages', 'stale.txt'), 'gone upstream\n')
    const r = await check()
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('3 file(s) out of sync')
    expect(r.stderr).toContain('- differs: enfinitos.md')
    expect(r.stderr).toContain('- missing: dedit.md')
    expect(r.stderr).toContain('- extra: reference-pages/stale.txt')
  })

  it('skips with exit 0 when there are no originals beside the repository', async () => {
    const r = await check(join(work, 'no-such-folder'))
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('check:fixtures skipped: no ')
    expect(r.stdout).toContain('shared beside the repository')
  })

  it('fails with exit 2 when the originals are missing and --require says they must be there (as in CI)', async () => {
    const r = await run(process.execPath, [
      SCRIPT,
      '--source',
      join(work, 'no-such-folder'),
      '--fixtures',
      copies,
      '--require',
    ])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--require says it must')
  })
})
