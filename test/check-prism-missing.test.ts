// `standin check --prism` without Prism installed: a clear message and exit 2, before anything starts.
import { describe, expect, it, vi } from 'vitest'

vi.mock('../mocks/prism.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../mocks/prism.js')>()
  return {
    ...actual,
    resolvePrism: () => {
      throw new actual.PrismNotInstalledError()
    },
  }
})

const { checkCommand } = await import('../mocks/check/command.js')

describe('standin check --prism without Prism', () => {
  it('says how to install it and exits 2', async () => {
    const out: string[] = []
    const err: string[] = []
    const code = await checkCommand(['--prism', '--provider', 'dedit', '--skip-repo-checks'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
    })
    expect(code).toBe(2)
    expect(err.join('')).toBe(
      'standin check: --prism needs Stoplight Prism: install it beside standin with `npm install --save-dev @stoplight/prism-cli@5.14.2` (5.14.x is the newest that runs on Node 20)',
    )
    expect(out).toEqual([])
  })
})
