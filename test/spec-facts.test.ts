// The specs say what the providers' facts files say: every documented operation at its method and path, with the
// operationIds the issue fixes, provenance on every operation, and enums equal to the documented value lists.
import { describe, expect, it } from 'vitest'
import type { Contract, OpenApiDocument } from '../mocks/core/contract.js'
import { resolveRef } from '../mocks/core/contract.js'
import { contracts, dedit, enfinitos, factsFile } from './helpers/specs.js'

/** The schema at a JSON pointer, following `$ref`s on the way and at the end. */
function schemaAt(contract: Contract, pointer: string): OpenApiDocument {
  let node: OpenApiDocument = contract.document
  for (const raw of pointer.slice(1).split('/')) {
    node = resolveRef(contract.document, node)[0]
    node = node[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return resolveRef(contract.document, node)[0]
}

/** An enum, wherever the spec puts it: directly, or in the items of an array. */
function enumOf(contract: Contract, pointer: string): string[] {
  const schema = schemaAt(contract, pointer)
  return schema.enum ?? resolveRef(contract.document, schema.items ?? {})[0].enum
}

function listAfter(text: string, marker: string, end: RegExp): string[] {
  const start = text.indexOf(marker)
  expect(start, `facts file mentions ${marker}`).toBeGreaterThanOrEqual(0)
  const rest = text.slice(start + marker.length)
  return rest
    .slice(0, rest.search(end))
    .split(/[,/|]/)
    .map((s) => s.replace(/\s+/g, ' ').trim().replace(/[`.]/g, ''))
    .filter(Boolean)
}

function documentedRoutes(facts: string, prefix = ''): string[] {
  return [...facts.matchAll(/^\| (GET|POST|PUT|DELETE|PATCH) \| (\S+) \|/gm)].map(
    ([, method, path]) => `${method?.toLowerCase()} ${prefix}${path?.replace(/\?.*$/, '')}`,
  )
}

const paramPointer = (contract: Contract, operationId: string, name: string) => {
  const p = contract.operation(operationId).parameters.find((x) => x.name === name)
  if (!p) throw new Error(`${operationId} has no parameter ${name}`)
  return p.schemaPointer
}

describe('EnfinitOS spec against the facts file', () => {
  const facts = factsFile('enfinitos')

  it('has exactly the 25 operations with the fixed operationIds', () => {
    expect(enfinitos.operations.map((o) => o.operationId).sort()).toEqual(
      [
        'registerBasis',
        'listBases',
        'issueRight',
        'listRights',
        'getRight',
        'suspendRight',
        'resumeRight',
        'revokeRight',
        'proposeOffer',
        'acceptOffer',
        'rejectOffer',
        'counterOffer',
        'openChallenge',
        'resolveChallenge',
        'listChallenges',
        'observeDelivery',
        'sealProofPack',
        'listProofPacks',
        'getProofPack',
        'getMetering',
        'getSettlement',
        'createWebhook',
        'replayWebhookDelivery',
        'processDueWebhookDeliveries',
        'getRuntimeKeys',
      ].sort(),
    )
  })

  it('puts every documented operation at its documented method and path', () => {
    const routes = enfinitos.operations.map((o) => `${o.method} ${o.path}`)
    expect(documentedRoutes(facts)).toHaveLength(25)
    expect(routes.sort()).toEqual(documentedRoutes(facts).sort())
  })

  it('secures every operation but getRuntimeKeys', () => {
    expect(enfinitos.operations.filter((o) => !o.secured).map((o) => o.operationId)).toEqual(['getRuntimeKeys'])
  })

  it('lists the 24 documented substrates in order', () => {
    const substrates = listAfter(facts, 'Substrate enum:', /\n\s*Lifecycles/)
    expect(substrates).toHaveLength(24)
    expect(enumOf(enfinitos, paramPointer(enfinitos, 'listRights', 'substrate'))).toEqual(substrates)
  })

  it('lists the documented right and challenge statuses as list filters', () => {
    expect(enumOf(enfinitos, paramPointer(enfinitos, 'listRights', 'status'))).toEqual(
      listAfter(facts, 'filters `status` (', /\)/),
    )
    const challengeRow = facts.slice(facts.indexOf('| GET | /v1/challenges |'))
    expect(enumOf(enfinitos, paramPointer(enfinitos, 'listChallenges', 'status'))).toEqual(
      listAfter(challengeRow, 'filters `status` (', /\)/),
    )
  })

  it('lists the documented basis kinds', () => {
    const kinds = listAfter(facts, 'register a basis: `kind` ', /, `description`/)
    expect(kinds).toEqual(['CIVIC', 'PROPERTY', 'TRADEMARK', 'CONTRACTUAL'])
    expect(enumOf(enfinitos, `${enfinitos.operation('registerBasis').requestBodyPointer}/properties/kind`)).toEqual(
      kinds,
    )
  })

  it('lists the auditable unit types (CUSTOM excluded), meter statuses, party roles and line statuses', () => {
    const unitTypes = listAfter(facts, 'unitType one of ', / \(CUSTOM/)
    expect(unitTypes).toHaveLength(5)
    expect(enumOf(enfinitos, '/components/schemas/MeteringRecord/properties/unitType')).toEqual(unitTypes)
    expect(enumOf(enfinitos, '/components/schemas/MeteringRecord/properties/status')).toEqual(
      listAfter(facts, '  status ', /\n/),
    )
    const partyRoles = listAfter(facts, 'partyRole ', /;/)
    expect(partyRoles).toHaveLength(8)
    expect(enumOf(enfinitos, '/components/schemas/SettlementLine/properties/partyRole')).toEqual(partyRoles)
    expect(enumOf(enfinitos, '/components/schemas/SettlementLine/properties/status')).toEqual(
      listAfter(facts, '; status ', /\n/),
    )
  })
})

describe('Dedit spec against the facts file', () => {
  const facts = factsFile('dedit')

  it('has exactly the six documented operations with the fixed operationIds, at their documented paths', () => {
    expect(dedit.operations.map((o) => o.operationId).sort()).toEqual(
      [
        'login',
        'requestRegistration',
        'completeRegistration',
        'uploadFileMetadata',
        'getActiveSubscription',
        'getSubscription',
      ].sort(),
    )
    expect(dedit.operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(documentedRoutes(facts).sort())
  })

  it('secures every operation but login', () => {
    expect(dedit.operations.filter((o) => !o.secured).map((o) => o.operationId)).toEqual(['login'])
  })

  it('lists every page known only by title as not modelled', () => {
    const titles = listAfter(facts, 'Pages known by title only\n(', /\) have/)
    expect(titles.length).toBeGreaterThanOrEqual(10)
    for (const title of titles) expect(dedit.document.info.description).toContain(title)
  })
})

describe.each(Object.entries(contracts))('%s provenance', (_name, contract) => {
  it('marks every operation documented (with its docs URL) or inferred (with a reason)', () => {
    for (const op of contract.operations) {
      const source = op.extensions['x-standin-source'] as { kind: string; url?: string; reason?: string }
      expect(source, op.operationId).toBeDefined()
      if (source.kind === 'documented') expect(source.url).toMatch(/^https:\/\//)
      else expect(source).toMatchObject({ kind: 'inferred', reason: expect.any(String) })
    }
  })
})
