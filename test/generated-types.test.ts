// The generated type modules load: they emit JavaScript for the package exports. Their types are checked in
// generated-types.test-d.ts.
import { describe, expect, it } from 'vitest'

describe('generated types', () => {
  it('loads as modules (the files emit JavaScript for the package exports)', async () => {
    expect(await import('../generated/enfinitos.js')).toBeDefined()
    expect(await import('../generated/dedit.js')).toBeDefined()
  })
})
