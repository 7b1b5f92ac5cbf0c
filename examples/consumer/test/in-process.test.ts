// The service against standin in-process: `setupStandin` starts MSW, which intercepts the service's fetch calls to
// https://sandbox.api.enfinitos.com and https://app.dedit.io (the service keeps its default, real, base URLs).
import { setupStandin } from 'standin/vitest'
import { describe, expect, it } from 'vitest'
import { DeliveryReportingService, documentHash } from '../src/index.js'
import { CLOCK, inProcess, SEED } from './helpers/harness.js'
import { PAYLOAD_EDITED_FAILURES, RUN, serviceBehaviour } from './helpers/suite.js'

const standin = setupStandin({ seed: SEED, clock: CLOCK })

describe('delivery reporting, standin in-process', () => {
  serviceBehaviour(inProcess(standin))

  it('sends what the contract expects, as the journal and the matchers show', async () => {
    const report = await new DeliveryReportingService(inProcess(standin).config()).report(RUN)

    expect(standin).toHaveReceived('enfinitos.registerBasis', {
      body: expect.objectContaining({ kind: 'CONTRACTUAL' }),
    })
    expect(standin).toHaveReceived('enfinitos.issueRight', {
      body: expect.objectContaining({ basisId: report.basisId, substrate: 'DOOH' }),
      status: 200,
    })
    expect(standin).toHaveReceived('enfinitos.observeDelivery', { times: 3, status: 200 })
    expect(standin).toHaveReceived('enfinitos.getRuntimeKeys', { times: 1 })
    expect(standin).toHaveReceived('enfinitos.getSettlement', {
      query: expect.objectContaining({ currency: 'GBP' }),
    })
    // The journal never keeps credentials: the API key sent to login is redacted.
    expect(standin).toHaveReceived('dedit.login', { body: { apiKey: '[redacted]' }, times: 1 })
    expect(standin).toHaveReceived('dedit.requestRegistration', {
      query: expect.objectContaining({ subscription: 'true' }),
      body: expect.objectContaining({ hash: report.pack.sha256, blockchainType: 'ALGORAND' }),
    })
    expect(standin).toHaveReceived('dedit.completeRegistration', { times: 1, status: 200 })
    expect(standin).toHaveNoContractViolations()

    // The journal is typed from the spec: the published pack is the one whose canonical JSON was notarized.
    const [published] = standin.journal.calls('enfinitos', 'getProofPack').filter((c) => c.response.status === 200)
    const body = published?.response.body as { data: { proofPack: unknown } }
    expect(documentHash(body.data.proofPack)).toBe(report.pack.sha256)
    const [settlement] = standin.journal.calls('enfinitos', 'getSettlement')
    expect(settlement?.request.query).toMatchObject({ periodStart: expect.any(String), periodEnd: expect.any(String) })
  })

  it('verifies the pack getProofPack serves, and reports the failure codes once it is served tampered', async () => {
    const service = new DeliveryReportingService(inProcess(standin).config())
    const { pack } = await service.report(RUN)
    expect(await service.verifyPublishedPack(pack.packId)).toMatchObject({
      packId: pack.packId,
      ok: true,
      failures: [],
    })

    standin.use('enfinitos:proof-packs.tampered.payload-edited')
    const tampered = await service.verifyPublishedPack(pack.packId)

    expect(tampered).toMatchObject({ packId: pack.packId, ok: false, failures: PAYLOAD_EDITED_FAILURES })
    // Three verifications: each fetches the pack, and lists the packs to find the previous one's last afterHash.
    expect(standin).toHaveReceived('enfinitos.getProofPack', { times: 3, status: 200 })
    expect(standin).toHaveReceived('enfinitos.listProofPacks', { times: 3, status: 200 })
  })
})
