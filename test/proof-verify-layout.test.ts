// The verifier is split along its sections into small modules under mocks/enfinitos/proof/verify/, and
// proof/verify.ts stays the thin entry re-exporting the same public API (its behaviour is covered by the other
// proof-* suites, unchanged).
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { verifyExport } from '../mocks/enfinitos/proof/verify/export.js'
import { verifyPack, verifyPackChain } from '../mocks/enfinitos/proof/verify/pack.js'
import { verifyProvenance } from '../mocks/enfinitos/proof/verify/provenance.js'
import { failedChecks } from '../mocks/enfinitos/proof/verify/report.js'
import * as entry from '../mocks/enfinitos/proof/verify.js'

const dir = new URL('../mocks/enfinitos/proof/verify/', import.meta.url)
const lines = (url: URL) => readFileSync(url, 'utf8').split('\n').length

describe('proof/verify layout', () => {
  it('has one small module per section', () => {
    const files = readdirSync(dir).sort()
    for (const section of ['chain', 'export', 'keys', 'metering', 'provenance', 'records', 'report', 'settlement']) {
      expect(files).toContain(`${section}.ts`)
    }
    for (const file of files) expect(lines(new URL(file, dir)), file).toBeLessThan(250)
  })

  it('keeps proof/verify.ts a thin entry with the same public API', () => {
    expect(lines(new URL('../mocks/enfinitos/proof/verify.ts', import.meta.url))).toBeLessThan(40)
    expect(Object.keys(entry).sort()).toEqual([
      'failedChecks',
      'verifyExport',
      'verifyPack',
      'verifyPackChain',
      'verifyProvenance',
    ])
    expect(entry.verifyExport).toBe(verifyExport)
    expect(entry.verifyPack).toBe(verifyPack)
    expect(entry.verifyPackChain).toBe(verifyPackChain)
    expect(entry.verifyProvenance).toBe(verifyProvenance)
    expect(entry.failedChecks).toBe(failedChecks)
  })
})
