/**
 * The dashboard's static files, served by standin itself (no CDN: it works offline): the script, the stylesheet and
 * the favicon, as bytes built once with a content hash for ETag revalidation.
 */
import { createHash } from 'node:crypto'
import { CLIENT_CORE } from './client-core.js'
import { CLIENT_JOURNAL } from './client-journal.js'
import { CLIENT_OPERATIONS } from './client-operations.js'
import { CLIENT_PROOFS } from './client-proofs.js'
import { CLIENT_SESSIONS } from './client-sessions.js'
import { CLIENT_WEBHOOKS } from './client-webhooks.js'
import { FAVICON_SVG } from './page.js'
import { DASHBOARD_CSS } from './style.js'

export const ASSET_PREFIX = '/__dashboard/'

export interface Asset {
  type: string
  bytes: Buffer
  etag: string
}

function asset(type: string, text: string): Asset {
  const bytes = Buffer.from(text)
  return { type, bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` }
}

let assets: Map<string, Asset> | undefined

/** The assets by path (`/__dashboard/app.js`, `/favicon.svg`...), built on first use. */
export function dashboardAssets(): Map<string, Asset> {
  if (assets) return assets
  // One script: the views register themselves with the core, which boots on DOMContentLoaded.
  const script = `(function () {${[CLIENT_CORE, CLIENT_JOURNAL, CLIENT_SESSIONS, CLIENT_OPERATIONS, CLIENT_PROOFS, CLIENT_WEBHOOKS].join('\n')}})();\n`
  const favicon = asset('image/svg+xml', FAVICON_SVG)
  assets = new Map([
    [`${ASSET_PREFIX}app.js`, asset('text/javascript; charset=utf-8', script)],
    [`${ASSET_PREFIX}app.css`, asset('text/css; charset=utf-8', DASHBOARD_CSS)],
    ['/favicon.svg', favicon],
    ['/favicon.ico', favicon],
  ])
  return assets
}
