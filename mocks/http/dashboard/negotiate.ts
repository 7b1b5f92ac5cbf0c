/** Content negotiation for standin's own pages: a browser (Accept names text/html before JSON) gets HTML. */

/** Whether an Accept header prefers HTML to JSON: it names text/html, and JSON not at all or later. */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false
  const html = accept.indexOf('text/html')
  if (html < 0) return false
  const json = accept.indexOf('application/json')
  return json < 0 || html < json
}
