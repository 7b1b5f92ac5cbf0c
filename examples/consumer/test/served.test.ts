// The same behaviour against a real standin HTTP server, started in-process with `startStandinServer` from
// standin/server: the service is pointed at its URL, as it would be pointed at the providers in production.
import { describe } from 'vitest'
import { served } from './helpers/served.js'
import { serviceBehaviour } from './helpers/suite.js'

describe('delivery reporting, against a standin server (startStandinServer)', () => {
  serviceBehaviour(served())
})
