// Shared by the spec tests: both contracts, loaded once per test file, and a walker over every example in a spec.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Contract,
  loadPackagedContract,
  type OpenApiDocument,
  packageRoot,
  resolveRef,
} from '../../mocks/core/contract.js'

export const enfinitos: Contract = loadPackagedContract('enfinitos')
export const dedit: Contract = loadPackagedContract('dedit')
export const contracts = { enfinitos, dedit }

/** A provider's facts file, from the committed copy in test/fixtures/providers (see its README.md). */
export function factsFile(provider: 'enfinitos' | 'dedit'): string {
  return readFileSync(join(packageRoot(), 'test', 'fixtures', 'providers', `${provider}.md`), 'utf8')
}

export interface ExampleCase {
  /** Human label: operation, where, example name. */
  label: string
  schemaPointer: string
  value: unknown
}

/** Every named example of every request body, parameter and response of every operation in the contract. */
export function allExamples(contract: Contract): ExampleCase[] {
  const doc = contract.document
  const out: ExampleCase[] = []
  const fromMedia = (label: string, media: OpenApiDocument | undefined, schemaPointer: string | undefined) => {
    if (!media || !schemaPointer) return
    for (const [name, raw] of Object.entries<OpenApiDocument>(media.examples ?? {})) {
      const [example] = resolveRef(doc, raw)
      out.push({ label: `${label} example "${name}"`, schemaPointer, value: example.value })
    }
    if (media.example !== undefined) out.push({ label: `${label} example`, schemaPointer, value: media.example })
  }
  for (const op of contract.operations) {
    const item = doc.paths[op.path][op.method]
    if (item.requestBody) {
      const [body] = resolveRef(doc, item.requestBody)
      fromMedia(`${op.operationId} request body`, body.content?.['application/json'], op.requestBodyPointer)
    }
    for (const [status, raw] of Object.entries<OpenApiDocument>(item.responses ?? {})) {
      const [resp] = resolveRef(doc, raw)
      const info = op.responses.find((r) => r.status === status)
      fromMedia(`${op.operationId} ${status}`, resp.content?.['application/json'], info?.schemaPointer)
    }
    for (const p of op.parameters) {
      const param = (item.parameters ?? [])
        .map((raw: OpenApiDocument) => resolveRef(doc, raw)[0])
        .find((x: OpenApiDocument) => x.name === p.name && x.in === p.in)
      for (const [name, raw] of Object.entries<OpenApiDocument>(param?.examples ?? {})) {
        const [example] = resolveRef(doc, raw)
        out.push({
          label: `${op.operationId} ${p.in} ${p.name} example "${name}"`,
          schemaPointer: p.schemaPointer,
          value: example.value,
        })
      }
    }
  }
  return out
}

/** The first named example of an operation's response, as a deep copy to mutate in negative tests. */
export function responseExample(contract: Contract, operationId: string, status: string): OpenApiDocument {
  const op = contract.operation(operationId)
  const [resp] = resolveRef(contract.document, contract.document.paths[op.path][op.method].responses[status])
  const examples = resp.content['application/json'].examples
  const [example] = resolveRef(contract.document, Object.values<OpenApiDocument>(examples)[0] as OpenApiDocument)
  return structuredClone(example.value)
}

export function responsePointer(contract: Contract, operationId: string, status: string): string {
  const pointer = contract.operation(operationId).responses.find((r) => r.status === status)?.schemaPointer
  if (!pointer) throw new Error(`${operationId} has no ${status} body`)
  return pointer
}
