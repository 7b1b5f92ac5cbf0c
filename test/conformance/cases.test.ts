// The case list itself: a suite over an empty or partial list would pass without checking anything.
import { describe, expect, it } from 'vitest'
import { createStandin } from '../../mocks/standin.js'
import { contracts } from '../helpers/specs.js'
import { CASES, CHECKS, PROVIDERS } from './cases.js'

describe('the conformance cases', () => {
  const names = CASES.map((c) => c.name)

  it('have a default case for every request the script sends, so every operation of every provider', () => {
    for (const provider of PROVIDERS) {
      const operations = contracts[provider].operations.map((o) => o.operationId)
      expect(operations.length).toBeGreaterThan(0)
      const defaults = CASES.filter((c) => c.provider === provider && !c.scenario)
      expect([...new Set(defaults.map((c) => c.operationId))].sort()).toEqual([...operations].sort())
      for (const operationId of operations) {
        const calls = defaults.filter((c) => c.operationId === operationId).map((c) => c.call)
        expect(calls, operationId).toEqual(calls.map((_, i) => i + 1))
      }
    }
    // the script sends a few operations more than once (three deliveries, three offers): those calls are cases too
    expect(CASES.filter((c) => !c.scenario && c.call > 1).length).toBeGreaterThan(2)
  })

  it('have at least one case per scenario of the catalogue, and each covered operation once', () => {
    const catalogue = createStandin().catalogue()
    expect(catalogue.filter((s) => s.provider === 'enfinitos').length).toBeGreaterThan(20)
    expect(catalogue.filter((s) => s.provider === 'dedit').length).toBeGreaterThan(10)
    for (const scenario of catalogue) {
      const ops = CASES.filter((c) => c.scenario?.name === scenario.name).map((c) => c.operationId)
      const covered = Object.keys(scenario.operations)
      const all = contracts[scenario.provider as 'enfinitos'].operations.map((o) => o.operationId)
      const expected = covered.length === 0 || covered.includes('*') ? all : covered
      expect(ops.sort(), scenario.name).toEqual([...expected].sort())
    }
    expect(CASES.length).toBeGreaterThan(400)
  })

  it('have unique names (each runs alone with -t), every one with at least one expected answer', () => {
    expect(new Set(names).size).toBe(names.length)
    for (const c of CASES) expect(c.expect.length, c.name).toBeGreaterThan(0)
  })

  it('attach every behaviour check to a case that exists', () => {
    for (const name of Object.keys(CHECKS)) expect(names, name).toContain(name)
  })
})
