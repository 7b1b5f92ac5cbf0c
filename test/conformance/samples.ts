// Where the conformance cases get their requests: one valid request per operation, reached in a fresh session.
// They come from each provider's conformance script (`Provider.conformance.script`, replayed by runScript in
// test/helpers/script.ts): the requests before the wanted operation are sent (so the ids it needs exist), the wanted
// one is returned unsent. This is the one function that knows where samples come from.
import { runScript, type ScriptRequest, type Send } from '../helpers/script.js'

export type { ScriptRequest, Send }
export type ProviderName = ScriptRequest['provider']

class Reached {
  constructor(readonly request: ScriptRequest) {}
}

/**
 * Sends (with `send`, in the caller's session) whatever has to come before the `call`-th request of `operationId` in
 * the script (the first by default), then returns that request without sending it.
 */
export async function sampleFor(
  provider: ProviderName,
  operationId: string,
  send: Send,
  call = 1,
): Promise<ScriptRequest> {
  let seen = 0
  try {
    await runScript(
      async (req) => {
        if (req.operationId === operationId && ++seen === call) throw new Reached(req)
        return send(req)
      },
      { providers: [provider] },
    )
  } catch (err) {
    if (err instanceof Reached) return err.request
    throw err
  }
  throw new Error(`the request script sends ${provider}.${operationId} ${seen} times, not ${call}`)
}

/** How many times the script sends each operation (`provider.operationId`), on a standin of its own. */
export async function callsPerOperation(send: Send): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  await runScript(async (req) => {
    const key = `${req.provider}.${req.operationId}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
    return send(req)
  })
  return counts
}
