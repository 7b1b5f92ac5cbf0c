/** getRuntimeKeys: the public key directory (no auth), every key the ring ever published, as of now. */
import { ok } from '../envelope.js'
import type { Call } from './shared.js'

export const runtimeKeysBehaviours = {
  getRuntimeKeys(call: Call) {
    return ok(call.state.ring.directory(call.clock.iso()))
  },
}
