// The generated types are usable from TypeScript: this file is type-checked by `npm run typecheck` (in CI), so a
// wrong shape fails there; at run time the expectations are no-ops and the value checks confirm the module loads.
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { components as DeditComponents, paths as DeditPaths } from '../generated/dedit.js'
import type { components, operations, paths } from '../generated/enfinitos.js'

type IssueRight200 = paths['/v1/rights/issue']['post']['responses'][200]['content']['application/json']

describe('generated types', () => {
  it('types the issueRight 200 body: data.right.id is a string and ok is literally true', () => {
    expectTypeOf<IssueRight200['data']['right']['id']>().toEqualTypeOf<string>()
    expectTypeOf<IssueRight200['ok']>().toEqualTypeOf<true>()
    expectTypeOf<IssueRight200['contractVersion']>().toEqualTypeOf<'v1.0'>()
  })

  it('types the substrate enum as a union of literals', () => {
    type Substrate = operations['issueRight']['requestBody']['content']['application/json']['substrate']
    expectTypeOf<'DOOH'>().toMatchTypeOf<Substrate>()
    expectTypeOf<'NOT_A_SUBSTRATE'>().not.toMatchTypeOf<Substrate>()
  })

  it('types a proof-pack record beforeHash as string | null', () => {
    expectTypeOf<components['schemas']['ReceiptRecord']['beforeHash']>().toEqualTypeOf<string | null>()
  })

  it('types Dedit creationDate as a number and login as returning a token', () => {
    expectTypeOf<DeditComponents['schemas']['Registration']['creationDate']>().toEqualTypeOf<number>()
    type Login200 = DeditPaths['/api/v2/auth/login']['post']['responses'][200]['content']['application/json']
    expectTypeOf<Login200['token']>().toEqualTypeOf<string>()
  })

  it('loads as modules (the files emit JavaScript for the package exports)', async () => {
    expect(await import('../generated/enfinitos.js')).toBeDefined()
    expect(await import('../generated/dedit.js')).toBeDefined()
  })
})
