// The spec's crypto examples are real, not decoration: the proof pack, the sealed pack and the provenance records
// in openapi/enfinitos.yaml verify under our independent verifier against the spec's own key-directory example.
import { describe, expect, it } from 'vitest'
import {
  afterHashOf,
  canonicalPayload,
  receiptSigningMessage,
  verifyPack,
  verifyProvenance,
  verifyText,
} from '../mocks/enfinitos/index.js'
import { enfinitos, responseExample } from './helpers/specs.js'

const directory = responseExample(enfinitos, 'getRuntimeKeys', '200').data

describe('spec examples pass an audit', () => {
  it('the getProofPack example verifies with zero failed checks', () => {
    const report = verifyPack(responseExample(enfinitos, 'getProofPack', '200').data.proofPack, directory)
    expect(report.failures).toEqual([])
    expect(report.ok).toBe(true)
  })

  it('the sealProofPack example verifies with zero failed checks', () => {
    expect(verifyPack(responseExample(enfinitos, 'sealProofPack', '200').data.pack, directory).failures).toEqual([])
  })

  it('the getRight provenance records verify (signature over payloadCanonical, chained hashes)', () => {
    const report = verifyProvenance(responseExample(enfinitos, 'getRight', '200').data.provenance, directory)
    expect(report.failures).toEqual([])
  })

  it('the observeDelivery receipt is canonical, hashed and signed by a key in the directory example', () => {
    const receipt = responseExample(enfinitos, 'observeDelivery', '200').data.receipt
    const canonical = canonicalPayload(receipt.payload)
    expect(receipt.payloadCanonical).toBe(canonical)
    expect(receipt.afterHash).toBe(afterHashOf(canonical))
    const key = directory.keys.find((k: { keyId: string }) => k.keyId === receipt.keyId)
    expect(verifyText(key.publicKey, receiptSigningMessage(canonical, receipt.keyId), receipt.signature)).toBe(true)
  })
})
