/**
 * Types derived from the generated OpenAPI types, so the journal, the matchers and scenario bodies are checked by
 * the compiler against the same contract the engine validates at run time.
 */
import type { operations as DeditOperations } from '../generated/dedit.js'
import type { operations as EnfinitosOperations } from '../generated/enfinitos.js'
import type { DeditFactories } from './dedit/factories.js'
import type { EnfinitosFactories } from './enfinitos/factories.js'

export interface ProviderOperations {
  enfinitos: EnfinitosOperations
  dedit: DeditOperations
}

export type ProviderName = keyof ProviderOperations

/** Each provider's typed fixture factories, as its `factories` field builds them (`standin.<name>.build`). */
export interface ProviderFactories {
  enfinitos: EnfinitosFactories
  dedit: DeditFactories
}
export type OperationName<P extends ProviderName> = keyof ProviderOperations[P] & string

type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : undefined

export type RequestBodyOf<P extends ProviderName, O extends OperationName<P>> = ProviderOperations[P][O] extends {
  requestBody?: infer RB
}
  ? JsonOf<NonNullable<RB>>
  : undefined

type Responses<P extends ProviderName, O extends OperationName<P>> = ProviderOperations[P][O] extends {
  responses: infer R
}
  ? R
  : never

/** The statuses an operation declares, as number literals (`200 | 400 | 429 | ...`). */
export type ResponseStatusOf<P extends ProviderName, O extends OperationName<P>> = keyof Responses<P, O> & number

/** The JSON body of one declared status of an operation. */
export type ResponseBodyOf<
  P extends ProviderName,
  O extends OperationName<P>,
  S extends keyof Responses<P, O>,
> = JsonOf<Responses<P, O>[S]>

/** Any declared response body of an operation. */
export type AnyResponseBodyOf<P extends ProviderName, O extends OperationName<P>> = {
  [S in keyof Responses<P, O>]: JsonOf<Responses<P, O>[S]>
}[keyof Responses<P, O>]

/** `enfinitos.issueRight`, `dedit.login`, ...: how matchers and the journal name an operation. */
export type QualifiedOperation = {
  [P in ProviderName]: `${P}.${OperationName<P>}`
}[ProviderName]

export interface TypedCall<P extends ProviderName, O extends OperationName<P>> {
  seq: number
  at: string
  request: {
    method: string
    path: string
    query: Record<string, string | string[]>
    headers: Record<string, string>
    body: RequestBodyOf<P, O>
  }
  response: { status: number; headers: Record<string, string>; body: AnyResponseBodyOf<P, O> }
  scenario: string | null
}
