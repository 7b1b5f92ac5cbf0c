// Spectral function: every media type of a response that has a schema carries at least one example.
export default function hasResponseExamples(response, _options, context) {
  const results = []
  for (const [mediaType, media] of Object.entries(response?.content ?? {})) {
    if (!media?.schema) continue
    const count = Object.keys(media.examples ?? {}).length + (media.example === undefined ? 0 : 1)
    if (count === 0) {
      results.push({
        message: `response has no example for ${mediaType}`,
        path: [...context.path, 'content', mediaType],
      })
    }
  }
  return results
}
