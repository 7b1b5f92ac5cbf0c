// The conformance cases through the engine itself: faults and delays are checked as the data the adapters act on.
import { engineRuntime } from './runtimes.js'
import { runConformance } from './suite.js'

runConformance(engineRuntime())
