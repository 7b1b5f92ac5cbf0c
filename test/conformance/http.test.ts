// The conformance cases over real HTTP: `startServer` on an ephemeral loopback port, one session per case.
import { httpRuntime } from './runtimes.js'
import { runConformance } from './suite.js'

runConformance(httpRuntime())
