#!/usr/bin/env node
// `npm run check:cycles`: fails when the TypeScript sources import each other in a circle. Walks the relative imports
// (`import ... from './x.js'`, `export ... from`, `import type`, dynamic `import('./x.js')`) of every .ts file under
// the given folders (default: the shipped ones, tsconfig.build.json's `include`), resolving `.js` to the `.ts` beside
// it, and exits 1 naming every cycle as `a.ts -> b.ts -> a.ts`. Type-only imports count too: a cycle of types is still
// two modules that cannot be read, moved or packaged apart. Package imports (`node:fs`, `ajv`) are not followed.
// --root DIR checks another tree (the test uses a temporary one); the folders are relative to it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const IMPORT =
  /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g

/** Every .ts file under `dir` (declaration files and tests aside). */
function sourcesUnder(dir) {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesUnder(path)
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** Comments out of the way, so an import shown in a comment is not followed. */
function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

/** The file a relative specifier names: `./x.js` -> `./x.ts`, `./dir` -> `./dir/index.ts`. */
function resolveImport(from, specifier) {
  const base = resolve(dirname(from), specifier)
  const candidates = [base.replace(/\.m?js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')]
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile()) ?? null
}

/** The import graph: file -> the files it imports (relative imports only). */
export function importGraph(files) {
  const graph = new Map()
  for (const file of files) {
    const text = stripComments(readFileSync(file, 'utf8'))
    const targets = new Set()
    for (const m of text.matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2]
      if (!specifier?.startsWith('.')) continue
      const target = resolveImport(file, specifier)
      if (target) targets.add(target)
    }
    graph.set(file, [...targets].sort())
  }
  return graph
}

/** Every elementary cycle reached by a depth-first walk, each once (as the strongly connected file order shows it). */
export function findCycles(graph) {
  const cycles = []
  const seen = new Set()
  const state = new Map() // file -> 'open' | 'done'
  const stack = []
  const visit = (file) => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next]
        const key = [...cycle.slice(0, -1)].sort().join('|')
        if (!seen.has(key)) {
          seen.add(key)
          cycles.push(cycle)
        }
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file)
  return cycles
}

/** The folders the package ships (tsconfig.build.json's `include`) that exist under `root`; else mocks/. */
function shippedFolders(root) {
  try {
    const include = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')).include ?? []
    const found = include.filter((f) => existsSync(join(root, f)))
    if (found.length) return found
  } catch {
    // no readable tsconfig.build.json: the runtime folder alone
  }
  return ['mocks']
}

function main() {
  const args = process.argv.slice(2)
  const at = args.indexOf('--root')
  const root = at >= 0 ? resolve(args[at + 1]) : join(dirname(fileURLToPath(import.meta.url)), '..')
  const folders = args.filter((a, i) => a !== '--root' && args[i - 1] !== '--root')
  const roots = folders.length ? folders : shippedFolders(root)
  const files = roots.flatMap((f) => sourcesUnder(join(root, f)))
  if (files.length === 0) {
    console.error(`check-cycles: no .ts files under ${roots.join(', ')} in ${root}`)
    process.exit(2)
  }
  const cycles = findCycles(importGraph(files))
  const show = (cycle) => cycle.map((f) => relative(root, f)).join(' -> ')
  if (cycles.length === 0) {
    console.log(`import cycles: none in ${files.length} files under ${roots.join(', ')}`)
    return
  }
  console.error(`import cycles: ${cycles.length} found in ${roots.join(', ')}`)
  for (const cycle of cycles) console.error(`  ${show(cycle)}`)
  process.exit(1)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
