/**
 * The providers' envelopes, checked before the body schema so that a response outside its envelope is reported once
 * and plainly ("not in the success envelope") rather than as a dozen schema errors.
 * - EnfinitOS (documented): success `{ok: true, data, contractVersion}`; errors (inferred) `{ok: false, error, contractVersion}`.
 * - Dedit: successes have no envelope (the documented bodies are the objects themselves); errors (inferred) are
 *   `{statusCode, error, message}` with `statusCode` equal to the HTTP status.
 */

export interface EnvelopeProblem {
  message: string
  expected: string
  found: string
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function keysOf(body: unknown): string {
  if (!isObject(body)) return Array.isArray(body) ? 'an array' : `a ${body === null ? 'null' : typeof body}`
  const keys = Object.keys(body)
  return keys.length ? `keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}` : 'an empty object'
}

function enfinitos(status: number, body: unknown): EnvelopeProblem | null {
  const success = status < 400
  const expected = success ? '{ok: true, data, contractVersion}' : '{ok: false, error, contractVersion}'
  if (!isObject(body)) return { message: 'the body is not a JSON object', expected, found: keysOf(body) }
  const missing = (success ? ['ok', 'data', 'contractVersion'] : ['ok', 'error', 'contractVersion']).filter(
    (k) => !(k in body),
  )
  if (missing.length > 0) {
    return {
      message: `the body is not in the EnfinitOS ${success ? 'success' : 'error'} envelope (missing ${missing.join(', ')})`,
      expected,
      found: keysOf(body),
    }
  }
  if (body.ok !== success) {
    return {
      message: `ok is ${JSON.stringify(body.ok)} on a ${status} response`,
      expected: `ok: ${success}`,
      found: `ok: ${JSON.stringify(body.ok)}`,
    }
  }
  return null
}

function dedit(status: number, body: unknown): EnvelopeProblem | null {
  if (status < 400) return null
  const expected = `{statusCode: ${status}, error, message}`
  if (!isObject(body)) return { message: 'the error body is not a JSON object', expected, found: keysOf(body) }
  if (body.statusCode !== status) {
    return {
      message:
        'statusCode' in body
          ? `statusCode ${JSON.stringify(body.statusCode)} differs from the HTTP status ${status}`
          : 'the error body is not in the Dedit error shape (missing statusCode)',
      expected,
      found: 'statusCode' in body ? `statusCode: ${JSON.stringify(body.statusCode)}` : keysOf(body),
    }
  }
  return null
}

/** The envelope problem of a body, or null when the body is in its provider's envelope (or the provider has none). */
export function checkEnvelope(provider: string, status: number, body: unknown): EnvelopeProblem | null {
  if (provider === 'enfinitos') return enfinitos(status, body)
  if (provider === 'dedit') return dedit(status, body)
  return null
}
