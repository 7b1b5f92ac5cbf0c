// The house rules the layout rests on. `npm run check:cycles` (scripts/check-cycles.mjs): the sources import each
// other in no circle; a check that cannot fail proves nothing, so it must fail on a cycle planted in a temporary tree,
// naming it, and pass once it is broken. And the provider is the unit: the core and the commands know providers only
// through the `Provider` interface and the registry, never by name.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packageRoot } from '../mocks/core/contract.js'
import { createProviders } from '../mocks/providers.js'
import { run } from './helpers/run.js'

const SCRIPT = join(packageRoot(), 'scripts', 'check-cycles.mjs')
const tmp = mkdtempSync(join(tmpdir(), 'standin-cycles-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** A tree of .ts files under a fresh folder: `{ 'mocks/a.ts': "import ..." }`. */
function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }
  return root
}

const check = (root: string, ...folders: string[]) => run(process.execPath, [SCRIPT, '--root', root, ...folders])

describe('the import-cycle check', () => {
  it('passes on the repository', async () => {
    const r = await check(packageRoot())
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^import cycles: none in \d+ files under mocks\b/)
  })

  it('fails on a cycle through three files, naming it, and passes once it is broken', async () => {
    const files = {
      'mocks/registry.ts': "import { a } from './provider/index.js'\nexport const all = [a]\n",
      'mocks/provider/index.ts': "export { a } from './scenarios.js'\n",
      'mocks/provider/scenarios.ts': "import { all } from '../registry.js'\nexport const a = all.length\n",
      'mocks/leaf.ts': "import { readFileSync } from 'node:fs'\nexport const leaf = readFileSync\n",
    }
    const r = await check(tree('three', files))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('import cycles: 1 found in mocks')
    expect(r.stderr).toContain(
      'mocks/provider/index.ts -> mocks/provider/scenarios.ts -> mocks/registry.ts -> mocks/provider/index.ts',
    )
    const fixed = await check(tree('three-fixed', { ...files, 'mocks/provider/scenarios.ts': 'export const a = 1\n' }))
    expect(fixed.code).toBe(0)
  })

  it('counts type-only, multi-line and dynamic imports, across folders, and ignores commented ones', async () => {
    const typeOnly = await check(
      tree('types', {
        'mocks/a.ts': "import type {\n  B,\n} from './b.js'\nexport type A = { b?: B }\n",
        'mocks/b.ts': "import type { A } from './a.js'\nexport type B = { a?: A }\n",
      }),
    )
    expect(typeOnly.code).toBe(1)
    expect(typeOnly.stderr).toContain('mocks/a.ts -> mocks/b.ts -> mocks/a.ts')

    const dynamic = await check(
      tree('dynamic', {
        'mocks/a.ts': "export const load = () => import('../lib/b.js')\n",
        'lib/b.ts': "import { load } from '../mocks/a.js'\nexport const b = load\n",
      }),
      'mocks',
      'lib',
    )
    expect(dynamic.code).toBe(1)
    expect(dynamic.stderr).toContain('lib/b.ts -> mocks/a.ts -> lib/b.ts')

    const commented = await check(
      tree('commented', {
        'mocks/a.ts': "import { b } from './b.js'\nexport const a = b\n",
        'mocks/b.ts': "// import { a } from './a.js'\n/* import { a } from './a.js' */\nexport const b = 1\n",
      }),
    )
    expect(commented.code).toBe(0)
  })
})

/** Every .ts file under `path` (or `path` itself). */
function sources(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((name) => sources(join(path, name)))
}

describe('provider knowledge', () => {
  it('stays in the providers: the core and the commands name none outside comments', () => {
    const root = packageRoot()
    const words = createProviders().flatMap((p) => [p.name, p.label ?? p.name, p.pathPrefix])
    expect(words).toEqual(expect.arrayContaining(['enfinitos', 'dedit', '/v1/', '/api/v2/']))
    const found: string[] = []
    for (const folder of ['mocks/core', 'mocks/check', 'mocks/verify', 'mocks/cli', 'mocks/cli.ts']) {
      for (const file of sources(join(root, folder))) {
        const code = readFileSync(file, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
        for (const word of words) {
          if (code.toLowerCase().includes(word.toLowerCase())) found.push(`${file.slice(root.length + 1)}: ${word}`)
        }
      }
    }
    expect(found).toEqual([])
  })
})
