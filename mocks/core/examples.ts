/**
 * The spec's own named examples, served the way Prism serves them (`Prefer: code=404`, `Prefer: example=name`).
 * Indexed once per contract: every (operation, status) -> its examples and the example values of its headers.
 */
import { type Contract, type OpenApiDocument, type OperationInfo, resolveRef } from './contract.js'

interface StatusExamples {
  examples: Map<string, unknown>
  headers: Record<string, string>
}

export type ExampleLookup =
  | { ok: true; status: number; body: unknown; headers: Record<string, string> }
  | { ok: false; message: string }

export class ExampleIndex {
  private byOperation = new Map<string, Map<string, StatusExamples>>()

  constructor(contract: Contract) {
    const doc = contract.document
    for (const op of contract.operations) {
      const statuses = new Map<string, StatusExamples>()
      for (const [status, raw] of Object.entries<OpenApiDocument>(doc.paths[op.path][op.method].responses ?? {})) {
        const [response] = resolveRef(doc, raw)
        const media = response.content?.['application/json'] ?? {}
        const examples = new Map<string, unknown>()
        for (const [name, ex] of Object.entries<OpenApiDocument>(media.examples ?? {})) {
          // Serialised once: each answer parses a fresh copy, so no caller can mutate the document.
          examples.set(name, JSON.stringify(resolveRef(doc, ex)[0].value))
        }
        const headers: Record<string, string> = {}
        for (const [name, rawHeader] of Object.entries<OpenApiDocument>(response.headers ?? {})) {
          const [header] = resolveRef(doc, rawHeader)
          const value =
            header.example ?? Object.values<OpenApiDocument>(header.examples ?? {})[0]?.value ?? header.schema?.example
          if (value !== undefined) headers[name.toLowerCase()] = String(value)
        }
        statuses.set(status, { examples, headers })
      }
      this.byOperation.set(op.operationId, statuses)
    }
  }

  /** The example for `code` (its first, or the one named `example`), or for `example` alone under any status. */
  find(op: OperationInfo, code: string | undefined, example: string | undefined): ExampleLookup {
    const statuses = this.byOperation.get(op.operationId) ?? new Map<string, StatusExamples>()
    const status = code ?? [...statuses].find(([, s]) => example !== undefined && s.examples.has(example))?.[0]
    if (status === undefined) {
      const names = [...statuses.values()].flatMap((s) => [...s.examples.keys()])
      return {
        ok: false,
        message: `${op.operationId} has no example named "${example}"; available: ${names.join(', ')}`,
      }
    }
    const entry = statuses.get(status)
    if (!entry) {
      return {
        ok: false,
        message: `${op.operationId} declares no ${status} response; declared: ${[...statuses.keys()].join(', ')}`,
      }
    }
    const name = example ?? entry.examples.keys().next().value
    const text = name === undefined ? undefined : entry.examples.get(name)
    if (typeof text !== 'string') {
      return {
        ok: false,
        message: `${op.operationId} ${status} has no example${example ? ` named "${example}"` : ''}; available: ${[...entry.examples.keys()].join(', ') || 'none'}`,
      }
    }
    return { ok: true, status: Number(status), body: JSON.parse(text), headers: { ...entry.headers } }
  }
}
