// The conformance cases through `standin.fetch`: the Fetch API straight into the engine, no MSW.
import { fetchRuntime } from './runtimes.js'
import { runConformance } from './suite.js'

runConformance(fetchRuntime())
