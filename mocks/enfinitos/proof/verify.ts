/**
 * An independent auditor for proof packs and provenance records, written from the rules in
 * shared/providers/enfinitos.md ("Proof packs"), not from the sealing code: the canonical form, hashes, unit counts,
 * floor split and idemKeys are recomputed here on their own so that a bug in the producer cannot hide itself.
 *
 * Semantics, chosen so that each classic tampering yields exactly the codes of the facts file's table:
 * - everything about a record is recomputed from its `payload` (canonical, afterHash, signed message); the stated
 *   `payloadCanonical` is only compared byte for byte;
 * - chain links compare `beforeHash` with the previous record's STATED afterHash;
 * - unit counts are recomputed from the receipt's dwellMs and the meter record's weight; metering totals are compared
 *   with the sum of the recomputed counts;
 * - the tariff is not in the pack: amounts are checked as the floor split of the pack's own `meterGross`, and only
 *   for meters whose shares sum to 1; settlement totals are compared with the sums of the lines that reference a
 *   known meter record. `vatCents` and `passThroughFeeLedgerCodes` have no documented rule: only their types are
 *   checked.
 *
 * The checks live in ./verify/: records (rules 1-3 and 5), chain (rule 4), keys (the directory), metering,
 * settlement, provenance, report (the verdict) and pack (one pack, and packs in series); this module is the entry.
 */

export { verifyExport } from './verify/export.js'
export {
  type VerifiableKeyDirectory,
  type VerifiablePack,
  type VerifyOptions,
  verifyPack,
  verifyPackChain,
} from './verify/pack.js'
export { type ProvenanceVerifyOptions, verifyProvenance } from './verify/provenance.js'
export { failedChecks, type VerificationCheck, type VerificationReport } from './verify/report.js'
