/**
 * Outbound deliveries: requests a provider sends on its own (webhooks), as a provider-neutral concept. A provider
 * decides WHAT is due and with which exact bytes (pure, on the session clock); an adapter's transport carries the
 * request out (node:http in `standin serve`, `fetch` or a handler in-process) and reports the outcome back, which the
 * provider records. The core only passes the transport along (`OperationCall.outbound`) and lets adapters ask a
 * provider to deliver what is due (`Provider.outbound`, core/types.ts).
 */
/** One outbound POST, byte for byte as the provider wants it sent. */
export interface OutboundRequest {
  url: string
  /** Header names in lower case. */
  headers: Record<string, string>
  body: string
  /** The provider's documented timeout for one attempt. */
  timeoutMs: number
  /** What it is, for logs (an id, never a body or a secret). */
  label: string
}

/** What happened to one outbound request. `status` is null when no HTTP answer came back (timeout, refused...). */
export interface OutboundOutcome {
  status: number | null
  /** Why it failed (`endpoint answered 500`, `timed out after 10000 ms`...); null for a 2xx. */
  error: string | null
  /** Wall-clock milliseconds from the start of the attempt to its outcome. */
  latencyMs: number
}

export interface OutboundTransport {
  /**
   * Starts the request; resolves with its outcome and never rejects. Returns null when the transport is at capacity
   * (a bounded number of requests in flight): nothing was sent, the caller tries again later.
   */
  send(request: OutboundRequest): Promise<OutboundOutcome> | null
  /** Hosts plain `http://` may be sent to besides loopback ones (`standin serve --webhook-allow-http HOST`). */
  readonly allowHttpHosts: readonly string[]
  /**
   * How many more requests it can take now (a bounded transport); absent: no bound. Callers plan and sign no more
   * attempts than this, so a full transport costs nothing per request and no signature waits long to be sent.
   */
  room?(): number
}

/**
 * The host of `url` when it is reserved for documentation (example.com, example.net, example.org and their
 * subdomains, `.example`, `.invalid`; RFC 2606, RFC 6761), where no receiver listens: nothing is sent there in any
 * runtime, so the spec's examples, the seeded world, the conformance script and fuzzers make no network call. Null for
 * any other host (and for a string that is not a URL).
 */
export function reservedDocumentationHost(url: string): string | null {
  let host: string
  try {
    host = new URL(url).hostname.toLowerCase()
  } catch {
    return null
  }
  return /(^|\.)example\.(com|net|org)$|\.(example|invalid)$/.test(host) ? host : null
}

/** Loopback hosts, to which plain http:// is always allowed (a local receiver). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}
