#!/usr/bin/env node
// `npm run check:fixtures`: test/fixtures/providers/ holds committed copies of the providers' facts files and reference
// pages (the read-only shared/providers/ folder beside the repository root), so `npm test` runs in a clone that has no
// shared/ folder beside it. This script keeps the copies honest: it compares every file of shared/providers/ with its
// copy byte for byte and exits 1 naming every copy that differs, is missing, or has no original any more.
// Where no shared/ folder sits beside the repository (a user's clone), it has nothing to compare with: exit 0, skipped.
// --source DIR and --fixtures DIR compare other folders (the sync test uses temporary ones).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
/** The fixtures folder's own files, which have no original. */
const OWN_FILES = new Set(['README.md'])

function flag(name, fallback) {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : fallback
}

/** Every file under `dir`, as paths relative to it with `/` separators, sorted. */
function filesUnder(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const file = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) return filesUnder(dir, file)
      return entry.isFile() ? [file] : []
    })
    .sort()
}

/** One line per problem: a copy that differs from its original, a missing copy, a copy with no original. */
function compare(source, fixtures) {
  const originals = filesUnder(source)
  const copies = existsSync(fixtures) ? filesUnder(fixtures).filter((f) => !OWN_FILES.has(f)) : []
  const problems = []
  for (const file of originals) {
    if (!copies.includes(file)) problems.push(`missing: ${file} (no copy in the fixtures)`)
    else if (!readFileSync(join(source, file)).equals(readFileSync(join(fixtures, file))))
      problems.push(`differs: ${file}`)
  }
  for (const file of copies) if (!originals.includes(file)) problems.push(`extra: ${file} (no such file in the source)`)
  return problems
}

const source = flag('--source', join(root, '..', 'shared', 'providers'))
const fixtures = flag('--fixtures', join(root, 'test', 'fixtures', 'providers'))

if (!existsSync(source)) {
  // In a user's clone there is nothing to compare with; CI passes --require, where a missing source is a failure.
  if (process.argv.includes('--require')) {
    console.error(`check:fixtures FAILED: ${source} does not exist, and --require says it must`)
    process.exit(2)
  }
  console.log(`check:fixtures skipped: no ../shared beside the repository (${source} does not exist)`)
  process.exit(0)
}
const problems = compare(source, fixtures)
if (problems.length === 0) {
  console.log(`check:fixtures ok: ${relative(root, fixtures) || fixtures} matches ${source} byte for byte`)
  process.exit(0)
}
console.error(`check:fixtures FAILED: ${problems.length} file(s) out of sync between ${source} and ${fixtures}`)
for (const p of problems) console.error(`- ${p}`)
console.error('Copy the source files over the fixtures (cp -r <source>/. test/fixtures/providers/), then run npm test.')
process.exit(1)
