/** Rule 4: the chain of records (links, order), and nonces and receipt ids used once. */
import type { Report, VerificationCheck } from './report.js'
import { isCount, type Obj, show } from './values.js'

/** What the chain learned of a receipt, for metering: its record and its dwell. */
export interface ReceiptInfo {
  index: number
  dwellMs: number | null
}

type Where = Omit<VerificationCheck, 'code' | 'ok' | 'message'>

/** Checks rule 4 record after record, in pack order; fills `receipts` with each receipt id seen first. */
export class ChainCheck {
  private readonly nonces: Set<string>
  private previous: Obj | null = null
  private previousTime: number | null = null

  constructor(
    private readonly report: Report,
    private readonly receipts: Map<string, ReceiptInfo>,
    /** The prior pack's last afterHash (a string), or no prior pack (genesis). */
    private readonly priorAfterHash: string | null | undefined,
    priorNonces: Iterable<string> = [],
  ) {
    this.nonces = new Set<string>(priorNonces)
  }

  /** A record that is not an object: the next record links to nothing. */
  broken(): void {
    this.previous = null
    this.previousTime = null
  }

  /** Record `index` (its payload when it is an object, its issuedAt when it parses). */
  next(
    index: number,
    record: Obj,
    payload: Obj | null,
    issuedAt: number | null,
    at: (...parts: (string | number)[]) => Where,
  ): void {
    if (index === 0) {
      if (typeof this.priorAfterHash === 'string') {
        const expected = this.priorAfterHash
        this.report.check(
          'CHAIN_LINK_MISMATCH',
          record.beforeHash === expected,
          "the first beforeHash is the prior pack's last afterHash",
          at('beforeHash'),
          () => expected,
          () => record.beforeHash,
        )
      } else {
        this.report.check(
          'GENESIS_BEFORE_HASH_NOT_NULL',
          record.beforeHash === null,
          record.beforeHash === null
            ? 'the first beforeHash is null (no prior pack given)'
            : `the first record's beforeHash is ${show(record.beforeHash)}, not null: this pack continues a series, ` +
                "and no prior pack was given. Pass the previous pack's last afterHash as priorAfterHash (or verify " +
                'the whole series, oldest first, with verifyPackChain)',
          at('beforeHash'),
          () => null,
          () => record.beforeHash,
        )
      }
    } else {
      const expected = this.previous?.afterHash
      this.report.check(
        'CHAIN_LINK_MISMATCH',
        this.previous !== null && record.beforeHash === expected,
        "beforeHash is the previous record's afterHash",
        at('beforeHash'),
        () => expected,
        () => record.beforeHash,
      )
      if (issuedAt !== null && this.previousTime !== null) {
        const before = this.previousTime
        this.report.check(
          'CHAIN_OUT_OF_ORDER',
          issuedAt >= before,
          "issuedAt is not earlier than the previous record's",
          at('payload', 'issuedAt'),
          () => `>= ${new Date(before).toISOString()}`,
          () => payload?.issuedAt,
        )
      }
    }
    if (payload !== null && typeof payload.nonce === 'string') {
      const reused = this.nonces.has(payload.nonce)
      this.report.check(
        'CHAIN_NONCE_REUSED',
        !reused,
        reused ? `nonce ${show(payload.nonce)} was used before` : 'nonce is unique',
        at('payload', 'nonce'),
      )
      this.nonces.add(payload.nonce)
    }
    if (payload !== null && typeof payload.receiptId === 'string') {
      const reused = this.receipts.has(payload.receiptId)
      this.report.check(
        'RECEIPT_ID_REUSED',
        !reused,
        reused ? `receiptId ${payload.receiptId} appears twice` : 'receiptId is unique in the pack',
        at('payload', 'receiptId'),
      )
      if (!reused)
        this.receipts.set(payload.receiptId, { index, dwellMs: isCount(payload.dwellMs) ? payload.dwellMs : null })
    }
    this.previous = record
    this.previousTime = issuedAt
  }
}
