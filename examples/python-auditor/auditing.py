"""The provider's auditor (`enfinitos-sdk-auditor`, pinned) applied to what the API published.

Every verdict comes from the auditor package; this module only turns wire JSON into the auditor's inputs and its
reports into short summaries a failing test can print. Nothing here re-implements a check.

On parsing: the SDK parses whole packs strictly (`parse_signed_proof_pack`) but 0.0.4 has no public parser for the
pieces an API hands out on their own (a receipt from POST /v1/delivery, a metering or settlement summary, a
provenance record). For receipts and summaries we call the SDK's own pack-piece parsers, so the wire-to-dataclass step
is still the auditor's (the version is pinned; a rename fails at import, loudly). Provenance records have no parser
in the SDK at all: `provenance_records` maps the wire fields one by one and fails on any missing field.
"""

from __future__ import annotations

from typing import Any, Iterable, List, Optional

from enfinitos_auditor import (
    AuditBundle,
    AuditStep,
    EnfinitOSAuditor,
    FullAuditReport,
    KeyDirectory,
    MeteringSummary,
    ProofRecord,
    ProvenanceRecord,
    SettlementSummary,
    VerificationKey,
    load_key_directory,
    SignedProofPack,
    parse_signed_proof_pack,
)
from enfinitos_auditor.proof_pack import (
    _parse_metering_summary,
    _parse_proof_record,
    _parse_settlement_summary,
)

from standin_client import EnfinitosClient


# -- inputs --------------------------------------------------------------------------------------------------------


def fetch_key_directory(client: EnfinitosClient) -> KeyDirectory:
    """GET /v1/runtime-keys, fetched and validated by the auditor itself (its `platform` source checks the
    runtime-keys envelope and converts every key to a VerificationKey), pointed at the mock instead of the provider."""
    return load_key_directory(
        source="platform",
        platform_keys_url=f"{client.base_url}/v1/runtime-keys",
        http_fetch=client.fetch_for_auditor,
    )


def fetch_keys(client: EnfinitosClient) -> List[VerificationKey]:
    return list(fetch_key_directory(client).snapshot.keys)


def receipt_records(receipts: Iterable[dict]) -> List[ProofRecord]:
    """Receipts as POST /v1/delivery returned them (whole signed records), as the auditor's ProofRecords."""
    return [_parse_proof_record(raw, i) for i, raw in enumerate(receipts)]


def metering_summary(raw: dict) -> MeteringSummary:
    return _parse_metering_summary(raw)


def settlement_summary(raw: dict) -> SettlementSummary:
    return _parse_settlement_summary(raw)


def provenance_records(raw: List[dict]) -> List[ProvenanceRecord]:
    """The `provenance` array of GET /v1/rights/{id}. Every field is required on the wire (nullable ones as null)."""
    return [
        ProvenanceRecord(
            proof_id=r["proofId"],
            org_id=r["orgId"],
            provenance_event_type=r["provenanceEventType"],
            occurred_at=r["occurredAt"],
            right_id=r["rightId"],
            basis_id=r["basisId"],
            offer_id=r["offerId"],
            provenance_before_hash=r["provenanceBeforeHash"],
            provenance_after_hash=r["provenanceAfterHash"],
            signature_algorithm=r["signatureAlgorithm"],
            signature=r["signature"],
            signer_key_id=r["signerKeyId"],
            payload_canonical=r["payloadCanonical"],
        )
        for r in raw
    ]


# -- the full pack audit --------------------------------------------------------------------------------------------


def audit_pack(raw_pack: Any, keys: List[VerificationKey], prior_after_hash: Optional[str]) -> FullAuditReport:
    """verify_all over one published pack: signatures, chain (anchored at the previous pack's last afterHash, None
    for an org's first pack), the pack's metering and its settlement. `raw_pack` is the wire JSON (parsed by the
    SDK here) or an already parsed SignedProofPack. A pack the SDK cannot parse raises
    AuditorError: the caller lets it fail the test."""
    pack = raw_pack if isinstance(raw_pack, SignedProofPack) else parse_signed_proof_pack(raw_pack)
    auditor = EnfinitOSAuditor(verification_key_source="local", local_keys=keys)
    return auditor.verify_all(AuditBundle(pack=pack, verification_keys=keys, prior_after_hash=prior_after_hash))


def pack_steps(report: FullAuditReport) -> List[AuditStep]:
    return [*report.pack.steps, *report.chain.steps, *report.metering.steps, *report.settlement.steps]


def assert_fully_valid(report: FullAuditReport) -> None:
    """VALID in all four parts. The roll-up alone is not enough: it calls VALID + SKIPPED valid, and a pack whose
    metering or settlement the auditor skipped has not been audited."""
    parts = {
        "pack": report.pack.status,
        "chain": report.chain.status,
        "metering": report.metering.status,
        "settlement": report.settlement.status,
    }
    assert report.status == "VALID" and set(parts.values()) == {"VALID"}, (
        f"pack {report.pack_id}: {parts}\n{describe(pack_steps(report))}"
    )


# -- reading reports ------------------------------------------------------------------------------------------------


def invalid_reasons(steps: Iterable[AuditStep]) -> set:
    return {step.reason for step in steps if step.status == "INVALID"}


def describe(steps: Iterable[AuditStep], limit: int = 20) -> str:
    """The INVALID steps, one a line, as the auditor wrote them (the first `limit`)."""
    bad = [s for s in steps if s.status == "INVALID"]
    lines = [f"  {s.reason} at {s.target}: {s.message}" for s in bad[:limit]]
    if len(bad) > limit:
        lines.append(f"  ... and {len(bad) - limit} more")
    return "\n".join(lines) or "  (no INVALID step)"
