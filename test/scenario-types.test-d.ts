// Static scenario bodies and the journal are typed from the generated types: vitest's typecheck (tsc) fails on a
// body that does not match its operation and status, or on a status the operation does not declare.
import { describe, expectTypeOf, it } from 'vitest'
import type { operations as DeditOperations } from '../generated/dedit.js'
import type { operations } from '../generated/enfinitos.js'
import { respond as deditRespond } from '../mocks/dedit/scenarios/index.js'
import { respond } from '../mocks/enfinitos/scenarios/actions.js'
import type { Standin } from '../mocks/standin.js'

declare const standin: Standin

type ActiveSubscription200 = DeditOperations['getActiveSubscription']['responses'][200]['content']['application/json']

describe('dedit scenario bodies', () => {
  it('are typed against generated/dedit.ts', () => {
    expectTypeOf(deditRespond<'getActiveSubscription', 200>)
      .parameter(2)
      .toEqualTypeOf<ActiveSubscription200>()
    // @ts-expect-error: planNickname is required and userId must be a number
    deditRespond('getActiveSubscription', 200, { sessionId: 'cs_test_x', userId: '1' })
    // @ts-expect-error: getActiveSubscription declares no 418
    deditRespond('getActiveSubscription', 418, { statusCode: 418, error: "I'm a teapot", message: 'x' })
  })
})

describe('enfinitos scenario bodies', () => {
  it('are typed against generated/enfinitos.ts', () => {
    type Keys200 = operations['getRuntimeKeys']['responses'][200]['content']['application/json']
    expectTypeOf(respond<'getRuntimeKeys', 200>)
      .parameter(2)
      .toEqualTypeOf<Keys200>()
    const keys = {} as Keys200
    respond('getRuntimeKeys', 200, keys)
    // @ts-expect-error: the success envelope's ok is literally true
    respond('getRuntimeKeys', 200, { ...keys, ok: false })
    // @ts-expect-error: getRuntimeKeys declares no 418
    respond('getRuntimeKeys', 418, {})
  })
})

describe('the journal', () => {
  it('types a call of an operation from the spec: request and response bodies', () => {
    type Call = ReturnType<typeof standin.journal.calls<'enfinitos', 'issueRight'>>[number]
    type IssueBody = operations['issueRight']['requestBody']['content']['application/json']
    expectTypeOf<Call['request']['body']>().toEqualTypeOf<IssueBody>()
    expectTypeOf<Call['request']['body']['substrate']>().toEqualTypeOf<IssueBody['substrate']>()
    // @ts-expect-error: no such operation
    standin.journal.calls('enfinitos', 'issueRigth')
  })
})
