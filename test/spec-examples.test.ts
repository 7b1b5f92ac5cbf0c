// Every named example in both specs (request bodies, parameters, every response: success and each error) validates
// against the schema it illustrates. The examples are what users read first, and what Prism serves: a wrong one lies.
import { describe, expect, it } from 'vitest'
import { allExamples, contracts } from './helpers/specs.js'

for (const [name, contract] of Object.entries(contracts)) {
  describe(`${name} spec examples`, () => {
    const cases = allExamples(contract)

    it('has examples for every response of every operation', () => {
      for (const op of contract.operations) {
        for (const r of op.responses.filter((x) => x.schemaPointer)) {
          expect(
            cases.some(
              (c) => c.schemaPointer === r.schemaPointer && c.label.startsWith(`${op.operationId} ${r.status}`),
            ),
            `${op.operationId} ${r.status}`,
          ).toBe(true)
        }
      }
    })

    it.each(cases.map((c) => [c.label, c] as const))('%s validates', (_label, c) => {
      expect(contract.validate(c.schemaPointer, c.value)).toEqual([])
    })
  })
}
