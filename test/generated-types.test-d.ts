// The generated types, checked by vitest's typecheck (tsc): a wrong shape fails `npm test`, not only `npm run typecheck`.
import { describe, expectTypeOf, it } from 'vitest'
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
    expectTypeOf<'DOOH'>().toExtend<Substrate>()
    expectTypeOf<'NOT_A_SUBSTRATE'>().not.toExtend<Substrate>()
    expectTypeOf<string>().not.toExtend<Substrate>()
  })

  it('types a proof-pack record beforeHash as string | null', () => {
    expectTypeOf<components['schemas']['ReceiptRecord']['beforeHash']>().toEqualTypeOf<string | null>()
  })

  it('types Dedit creationDate as a number and login as returning a token', () => {
    expectTypeOf<DeditComponents['schemas']['Registration']['creationDate']>().toEqualTypeOf<number>()
    type Login200 = DeditPaths['/api/v2/auth/login']['post']['responses'][200]['content']['application/json']
    expectTypeOf<Login200['token']>().toEqualTypeOf<string>()
  })
})
