// defineScenario is typed against the generated types: tsc (vitest's typecheck) rejects a misspelled operationId or
// provider, a status the operation does not declare, a body that is not the generated type of its status, and an
// error code the envelope does not pin for that status. Every @ts-expect-error below fails the run if it stops erring.
import { describe, expectTypeOf, it } from 'vitest'
import type { operations as DeditOperations } from '../generated/dedit.js'
import type { operations } from '../generated/enfinitos.js'
import type { Scenario } from '../mocks/core/scenarios.js'
import {
  defineScenario,
  delay,
  fault,
  providerError,
  type ScenarioReply,
  sequence,
  specExample,
  times,
} from '../mocks/define-scenario.js'

type Issued = operations['issueRight']['responses'][200]['content']['application/json']
type Subscription = DeditOperations['getActiveSubscription']['responses'][200]['content']['application/json']
declare const issued: Issued
declare const subscription: Subscription

describe('defineScenario accepts', () => {
  it('a sequence of typed replies, envelope errors and the default, and returns a core Scenario', () => {
    const scenario = defineScenario({
      name: 'team:rights.issue.busy-then-ok',
      provider: 'enfinitos',
      description: 'issueRight answers 429 twice, then a fixed right, then behaves normally.',
      responses: {
        issueRight: sequence([
          times(
            2,
            providerError({ status: 429, code: 'RATE_LIMITED', message: 'busy', headers: { 'Retry-After': '1' } }),
          ),
          { status: 200, body: issued },
          'default',
        ]),
        getRuntimeKeys: delay(50),
        listRights: sequence([fault('reset'), specExample(200)], { afterLast: 'repeat-last' }),
        '*': providerError({ status: 503, message: 'maintenance' }),
      },
    })
    expectTypeOf(scenario).toEqualTypeOf<Scenario>()
  })

  it('custom code with a typed call and next()', () => {
    defineScenario({
      name: 'team:rights.issue.echo-scope',
      provider: 'enfinitos',
      description: 'issueRight passes through, typed.',
      responses: {
        issueRight: async (call, next) => {
          expectTypeOf(call.body.scope).toEqualTypeOf<
            operations['issueRight']['requestBody']['content']['application/json']['scope']
          >()
          const answer = await next()
          return answer.status === 200 ? answer : { status: 200, body: issued }
        },
      },
    })
  })

  it('the other provider, checked against its own types', () => {
    defineScenario({
      name: 'team:subscription.flaky',
      provider: 'dedit',
      description: 'getActiveSubscription answers 503 then a fixed subscription.',
      responses: {
        getActiveSubscription: sequence([
          providerError({ status: 503, message: 'down' }),
          { status: 200, body: subscription },
        ]),
      },
    })
  })

  it('a step defined once and used for several operations', () => {
    const busy = providerError({ status: 429, message: 'busy' })
    defineScenario({
      name: 'team:busy',
      provider: 'enfinitos',
      description: 'two operations answer 429 once.',
      responses: { issueRight: sequence([busy, 'default']), getRuntimeKeys: sequence([busy]) },
    })
  })

  it('replies typed per status: the body of each declared status is its generated type', () => {
    expectTypeOf<Extract<ScenarioReply<'enfinitos', 'issueRight'>, { status: 200 }>['body']>().toEqualTypeOf<Issued>()
  })
})

describe('defineScenario rejects at compile time', () => {
  it('a misspelled operationId', () => {
    defineScenario({
      name: 'team:typo',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: enfinitos has no operation issueRigth
      responses: { issueRigth: 'default' },
    })
  })

  it('an operationId of the other provider', () => {
    defineScenario({
      name: 'team:wrong-provider',
      provider: 'dedit',
      description: 'x',
      // @ts-expect-error: issueRight is an EnfinitOS operation, not a Dedit one
      responses: { issueRight: 'default' },
    })
  })

  it('an unknown provider', () => {
    // @ts-expect-error: no provider enfinitso
    defineScenario({ name: 'team:p', provider: 'enfinitso', description: 'x', responses: {} })
  })

  it('a body that breaks the response type', () => {
    defineScenario({
      name: 'team:bad-body',
      provider: 'enfinitos',
      description: 'x',
      responses: {
        // @ts-expect-error: the success envelope's ok is literally true
        issueRight: { status: 200, body: { ...issued, ok: false } },
      },
    })
    defineScenario({
      name: 'team:bad-body-in-sequence',
      provider: 'enfinitos',
      description: 'x',
      responses: {
        issueRight: sequence([
          // @ts-expect-error: data.right is required
          { status: 200, body: { ok: true, contractVersion: issued.contractVersion, data: {} } },
        ]),
      },
    })
    defineScenario({
      name: 'team:extra-field',
      provider: 'dedit',
      description: 'x',
      responses: {
        getActiveSubscription: sequence([
          // @ts-expect-error: a Subscription has no field surprise
          times(2, { status: 200, body: { ...subscription, surprise: 1 } }),
        ]),
      },
    })
  })

  it('a status the operation does not declare', () => {
    defineScenario({
      name: 'team:teapot',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: issueRight declares no 418
      responses: { issueRight: providerError({ status: 418, message: 'teapot' }) },
    })
    defineScenario({
      name: 'team:no-409',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: issueRight declares no 409 example
      responses: { issueRight: specExample(409) },
    })
    defineScenario({
      name: 'team:wild-404',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: not every EnfinitOS operation declares 404, so '*' cannot answer it
      responses: { '*': providerError({ status: 404, message: 'gone' }) },
    })
  })

  it('an error code the envelope does not pin for the status', () => {
    defineScenario({
      name: 'team:wrong-code',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: a 429's code is RATE_LIMITED
      responses: { issueRight: providerError({ status: 429, code: 'NOT_FOUND', message: 'busy' }) },
    })
  })

  it('custom code that answers an untyped body', () => {
    defineScenario({
      name: 'team:custom-bad',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: a 200 of issueRight needs the success envelope
      responses: { issueRight: () => ({ status: 200, body: { right: 'x' } }) },
    })
  })

  it('a sequence in a sequence, and times() outside one', () => {
    defineScenario({
      name: 'team:nested',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: a sequence cannot hold a sequence
      responses: { issueRight: sequence([sequence(['default'])]) },
    })
    defineScenario({
      name: 'team:loose-times',
      provider: 'enfinitos',
      description: 'x',
      // @ts-expect-error: times() belongs in a sequence
      responses: { issueRight: times(2, 'default') },
    })
  })
})
