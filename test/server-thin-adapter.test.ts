// The HTTP adapter stays thin: `startServer` wires small pieces (mocks/http/: lifecycle, request conversion, answers
// and faults on the socket, the route table, sessions, the admin API, the home page), and no function in it grows past
// 60 lines. Provider knowledge stays in the providers: no provider is named in the adapters or the core.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const MAX_LINES = 60

function tsFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Every function in a file (declarations, methods, arrows, expressions) with its length in lines. */
function functionsOf(file: string): { name: string; lines: number }[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const out: { name: string; lines: number }[] = []
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const named = (node as { name?: ts.Node }).name
      const where = `${file}:${start + 1}`
      out.push({ name: named ? `${named.getText(source)} (${where})` : where, lines: end - start + 1 })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return out
}

const ADAPTER = ['mocks/server.ts', ...tsFiles('mocks/http')]

describe('the HTTP adapter', () => {
  it(`has no function longer than ${MAX_LINES} lines, startServer included`, () => {
    const functions = ADAPTER.flatMap(functionsOf)
    expect(functions.some((f) => f.name.startsWith('startServer'))).toBe(true)
    expect(functions.filter((f) => f.lines > MAX_LINES)).toEqual([])
  })

  it('names no provider outside comments, nor do the other adapters and the core', () => {
    const files = [...ADAPTER, 'mocks/msw.ts', 'mocks/fetch-adapter.ts', ...tsFiles('mocks/core')]
    const named = files.flatMap((file) => {
      const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true)
      const hits: string[] = []
      const visit = (node: ts.Node) => {
        if (ts.isStringLiteralLike(node) || ts.isIdentifier(node) || ts.isTemplateLiteralToken(node)) {
          if (/enfinitos|dedit/i.test(node.getText(source))) hits.push(`${file}: ${node.getText(source)}`)
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
      return hits
    })
    expect(named).toEqual([])
  })
})
