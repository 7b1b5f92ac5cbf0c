// Spectral function: the operation at the target declares the response `status` when the condition holds.
// Conditions: always; secured (operation or document security is non-empty); input (parameters or a request body);
// scoped (the operation lists `x-standin-scopes`).
export default function declaresResponse(operation, options, context) {
  if (!operation || typeof operation !== 'object') return []
  const documentSecurity = context.document.data?.security ?? []
  const pathItem = context.document.data?.paths?.[context.path[1]] ?? {}
  const applies = {
    always: true,
    secured: (operation.security ?? documentSecurity).length > 0,
    input:
      Boolean(operation.requestBody) || (operation.parameters ?? []).length + (pathItem.parameters ?? []).length > 0,
    scoped: Array.isArray(operation['x-standin-scopes']) && operation['x-standin-scopes'].length > 0,
  }[options.when]
  if (!applies || operation.responses?.[options.status]) return []
  return [
    {
      message: `${operation.operationId ?? 'operation'} must declare a ${options.status} response (${options.when})`,
      path: [...context.path, 'responses'],
    },
  ]
}
