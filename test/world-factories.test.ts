// The typed factories and the seeded Faker behind them: realistic UK texts that depend only on the seed and the entity
// (building or skipping other fixtures never shifts them), contract-valid, and the same in two sessions.
import { describe, expect, it } from 'vitest'
import { createDerive } from '../mocks/core/derive.js'
import { entityFaker } from '../mocks/core/seeded-faker.js'
import { enfinitosContract } from '../mocks/enfinitos/contract.js'
import { createEnfinitosFactories } from '../mocks/enfinitos/factories.js'
import { venueAt } from '../mocks/enfinitos/venues.js'
import { newSession } from './helpers/enfinitos.js'

const factories = () => {
  const session = newSession()
  return createEnfinitosFactories(() => ({ clock: session.clock, derive: session.derive }))
}

describe('seeded Faker', () => {
  it('draws the same values for an entity whatever was drawn before it', () => {
    const derive = createDerive(3)
    const draw = () => {
      const f = entityFaker(derive, 'test.person', 42)
      return [f.person.fullName(), f.location.street(), f.number.int(1_000_000)]
    }
    const alone = draw()
    entityFaker(derive, 'test.person', 41).lorem.paragraphs(3)
    expect(draw()).toEqual(alone)
    expect(entityFaker(createDerive(4), 'test.person', 42).person.fullName()).not.toBe(alone[0])
  })

  it('gives each venue its own values: venue 9 is the same read alone or after 1..8', () => {
    const alone = venueAt(createDerive(5), 9)
    const derive = createDerive(5)
    for (let n = 1; n < 9; n++) venueAt(derive, n)
    expect(venueAt(derive, 9)).toEqual(alone)
    expect(alone.postcode).toMatch(/^[A-Z]{1,2}\d{1,2} \d[ABD-HJLNP-UW-Z]{2}$/)
    expect(alone.anchors[0]).toMatch(/^anchor_[a-z]+_v009_01$/)
  })
})

describe('typed factories', () => {
  it('build realistic, contract-valid entities whose texts differ from one fixture to the next', () => {
    const build = factories()
    const rights = [build.right(), build.right(), build.right()]
    for (const right of rights) {
      expect(enfinitosContract.validate('/components/schemas/Right', right)).toEqual([])
      expect(right.scope).toMatch(/^[A-Z].+: [a-z]/)
    }
    expect(new Set(rights.map((r) => r.scope)).size).toBeGreaterThan(1)
    const basis = build.basis()
    expect(enfinitosContract.validate('/components/schemas/Basis', basis)).toEqual([])
    expect(basis.description).toMatch(/\b[A-Z]{1,2}\d{1,2} \d[A-Z]{2}\b/)
    expect(build.receipt().payload.spatialAnchorId).toMatch(/^anchor_[a-z]+_v000_01$/)
  })

  it('give the n-th fixture of a kind the same values whatever else was built first', () => {
    const a = factories()
    const b = factories()
    b.right()
    b.offer()
    b.challenge()
    expect(b.basis()).toEqual(a.basis())
    const [first, second] = [a.right(), a.right()]
    const other = factories()
    other.basis()
    expect([other.right(), other.right()]).toEqual([first, second])
  })
})
