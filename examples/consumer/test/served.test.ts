// The same behaviour against a real `standin serve`, started with npx from this project's node_modules: the service
// is pointed at the URL the server prints, as it would be pointed at the providers in production.
import { describe } from 'vitest'
import { served } from './helpers/served.js'
import { serviceBehaviour } from './helpers/suite.js'

describe('delivery reporting, against standin serve', () => {
  serviceBehaviour(served())
})
