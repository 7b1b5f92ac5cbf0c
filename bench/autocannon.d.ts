// The part of autocannon's programmatic API the HTTP benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    p50: number
    p90: number
    p99: number
    total: number
  }
  interface Result {
    title?: string
    url: string
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    duration: number
  }
  interface RequestSpec {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
    /** Called before each request is built: returns the request to send (autocannon then rebuilds its bytes). */
    // biome-ignore lint/suspicious/noExplicitAny: autocannon passes its own request object
    setupRequest?: (req: any, context: Record<string, unknown>) => any
  }
  interface Options {
    url: string
    requests?: RequestSpec[]
    connections?: number
    duration?: number
    amount?: number
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
    title?: string
    timeout?: number
    warmup?: { connections?: number; duration?: number }
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
