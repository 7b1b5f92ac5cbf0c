/**
 * The venues of a large world: UK places where the sandbox org holds rights (stations, shopping centres, retail parks,
 * high streets, airports, motorway services), each with its screens (spatial anchors) and their placements.
 *
 * Real town and county names come from the list below (Faker's en_GB locale has real counties and street names but
 * American city names); street names, postcodes, landlords and screen counts come from a Faker seeded for that venue
 * alone (core/seeded-faker.ts), so venue n is the same whichever venues were read before it.
 */
import type { Faker } from '@faker-js/faker'
import { entityFaker } from '../core/seeded-faker.js'
import type { Derive } from '../core/types.js'
import type { BasisKind, Substrate } from './types.js'

/** [town, county or region, a real postcode area of the town]. */
const TOWNS: readonly (readonly [string, string, string])[] = [
  ['London', 'Greater London', 'EC'],
  ['Manchester', 'Greater Manchester', 'M'],
  ['Birmingham', 'West Midlands', 'B'],
  ['Leeds', 'West Yorkshire', 'LS'],
  ['Glasgow', 'Lanarkshire', 'G'],
  ['Edinburgh', 'Midlothian', 'EH'],
  ['Liverpool', 'Merseyside', 'L'],
  ['Bristol', 'Bristol', 'BS'],
  ['Sheffield', 'South Yorkshire', 'S'],
  ['Newcastle upon Tyne', 'Tyne and Wear', 'NE'],
  ['Nottingham', 'Nottinghamshire', 'NG'],
  ['Cardiff', 'South Glamorgan', 'CF'],
  ['Belfast', 'County Antrim', 'BT'],
  ['Leicester', 'Leicestershire', 'LE'],
  ['Southampton', 'Hampshire', 'SO'],
  ['Brighton', 'East Sussex', 'BN'],
  ['Reading', 'Berkshire', 'RG'],
  ['Oxford', 'Oxfordshire', 'OX'],
  ['Cambridge', 'Cambridgeshire', 'CB'],
  ['York', 'North Yorkshire', 'YO'],
  ['Coventry', 'West Midlands', 'CV'],
  ['Milton Keynes', 'Buckinghamshire', 'MK'],
  ['Aberdeen', 'Aberdeenshire', 'AB'],
  ['Swansea', 'West Glamorgan', 'SA'],
  ['Exeter', 'Devon', 'EX'],
  ['Norwich', 'Norfolk', 'NR'],
  ['Plymouth', 'Devon', 'PL'],
  ['Derby', 'Derbyshire', 'DE'],
  ['Stoke-on-Trent', 'Staffordshire', 'ST'],
  ['Hull', 'East Riding of Yorkshire', 'HU'],
  ['Bath', 'Somerset', 'BA'],
  ['Canterbury', 'Kent', 'CT'],
  ['Dundee', 'Angus', 'DD'],
  ['Preston', 'Lancashire', 'PR'],
  ['Sunderland', 'Tyne and Wear', 'SR'],
  ['Wolverhampton', 'West Midlands', 'WV'],
  ['Bournemouth', 'Dorset', 'BH'],
  ['Peterborough', 'Cambridgeshire', 'PE'],
  ['Inverness', 'Highland', 'IV'],
  ['Chester', 'Cheshire', 'CH'],
]

/** Towns with an airport a venue may be. */
const AIRPORT_TOWNS = new Set([
  'London',
  'Manchester',
  'Birmingham',
  'Glasgow',
  'Edinburgh',
  'Bristol',
  'Belfast',
  'Aberdeen',
  'Newcastle upon Tyne',
])

const INWARD_LETTERS = [...'ABDEFGHJLNPQRSTUWXYZ']

export type VenueKind = 'station' | 'shopping-centre' | 'retail-park' | 'high-street' | 'airport' | 'services'

/** The kinds venues are drawn from, weighted by how many a real portfolio holds. */
const KINDS: readonly VenueKind[] = [
  'station',
  'station',
  'station',
  'shopping-centre',
  'shopping-centre',
  'shopping-centre',
  'retail-park',
  'retail-park',
  'high-street',
  'high-street',
  'airport',
  'services',
]

/** What the rights at a venue rest on, by kind. */
const BASIS_KIND: Record<VenueKind, BasisKind> = {
  station: 'CONTRACTUAL',
  'shopping-centre': 'PROPERTY',
  'retail-park': 'PROPERTY',
  'high-street': 'CIVIC',
  airport: 'CONTRACTUAL',
  services: 'CONTRACTUAL',
}

/** Where a right's screens sit at a venue of each kind (the scope's second part). */
export const ZONES: Record<VenueKind, readonly string[]> = {
  station: ['concourse screens', 'platform screens', 'ticket hall portrait screens', 'entrance digital 48-sheet'],
  'shopping-centre': ['mall portrait screens', 'food court screens', 'atrium LED wall', 'car park entrance totems'],
  'retail-park': ['roadside digital 48-sheet', 'car park totems', 'store entrance screens'],
  'high-street': ['bus shelter screens', 'street furniture screens', 'digital kiosks'],
  airport: ['departures lounge screens', 'arrivals hall LED wall', 'security queue screens', 'gate screens'],
  services: ['forecourt screens', 'food hall screens', 'washroom screens'],
}

/** The substrates rights are issued for, weighted: mostly screens, some phones and TV, a few newer ones. */
export const SUBSTRATES: readonly Substrate[] = [
  'DOOH',
  'DOOH',
  'DOOH',
  'DOOH',
  'DOOH',
  'DOOH',
  'MOBILE',
  'MOBILE',
  'CTV',
  'AUDIO',
  'GLASSES',
  'AMBIENT',
]

export interface Venue {
  /** 1-based, in the world's order. */
  n: number
  kind: VenueKind
  name: string
  town: string
  county: string
  postcode: string
  /** Who grants the rights here (a landlord, a transport operator, a council), named in the basis. */
  grantor: string
  basisKind: BasisKind
  /** The basis's description (1..500 characters). */
  description: string
  /** Spatial anchor ids, one per screen: `anchor_<town>_<venue>_<screen>`. */
  anchors: string[]
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')

/** The name and grantor of a venue of `kind` in `town`, from the venue's own Faker. */
function naming(kind: VenueKind, town: string, county: string, f: Faker) {
  const street = f.location.street()
  const surname = f.person.lastName()
  switch (kind) {
    case 'station':
      return {
        name: `${town} ${f.helpers.arrayElement(['Central', 'Parkway', street.split(' ')[0], 'Road'])} station`,
        grantor: f.helpers.arrayElement(['Network Rail', `${town} Trains Ltd`, 'Transport for the North']),
      }
    case 'shopping-centre':
      return { name: `${street} Shopping Centre, ${town}`, grantor: `${surname} Estates Ltd` }
    case 'retail-park':
      return { name: `${surname} Retail Park, ${town}`, grantor: `${surname} Property Holdings plc` }
    case 'high-street':
      return { name: `${street}, ${town}`, grantor: `${town} City Council` }
    case 'airport':
      return { name: `${town} Airport`, grantor: `${town} Airport Ltd` }
    case 'services':
      return {
        name: `${town} ${f.helpers.arrayElement(['North', 'South', 'East', 'West'])} services`,
        grantor: `${county} Services Ltd`,
      }
  }
}

/** The n-th venue (1-based) of this seed's large world. */
export function venueAt(derive: Derive, n: number): Venue {
  return drawVenue(entityFaker(derive, 'enfinitos.venue', n), n)
}

/** A venue drawn from `f`, a Faker seeded for it alone (numbered `n` in its world; 0 for a fixture's). */
export function drawVenue(f: Faker, n: number): Venue {
  const [town, county, area] = f.helpers.arrayElement(TOWNS)
  let kind = f.helpers.arrayElement(KINDS)
  if (kind === 'airport' && !AIRPORT_TOWNS.has(town)) kind = 'shopping-centre'
  const { name, grantor } = naming(kind, town, county, f)
  // The inward code's letters never use C, I, K, M, O or V (Royal Mail's rule).
  const letter = () => f.helpers.arrayElement(INWARD_LETTERS)
  const postcode = `${area}${f.number.int({ min: 1, max: 20 })} ${f.number.int({ min: 1, max: 9 })}${letter()}${letter()}`
  const screens = f.number.int({ min: 3, max: 12 })
  const year = 2024 + f.number.int({ min: 0, max: 2 })
  const reference = `${slug(town).slice(0, 3).toUpperCase()}/${year}/${String(f.number.int({ min: 1, max: 9999 })).padStart(4, '0')}`
  const basisKind = BASIS_KIND[kind]
  const description =
    basisKind === 'CIVIC'
      ? `${grantor} advertisement consent for street furniture on ${name} (${postcode}, ref ${reference}/ADV)`
      : basisKind === 'PROPERTY'
        ? `Lease of the advertising screens at ${name} (${postcode}) from ${grantor} (lease ${reference})`
        : `${grantor} advertising concession at ${name} (${postcode}), contract ${reference}`
  const venueSlug = `${slug(town).split('_')[0]}_v${String(n).padStart(3, '0')}`
  const anchors = Array.from({ length: screens }, (_, i) => `anchor_${venueSlug}_${String(i + 1).padStart(2, '0')}`)
  return { n, kind, name, town, county, postcode, grantor, basisKind, description, anchors }
}
