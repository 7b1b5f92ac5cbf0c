"""Metering and settlement of a period, plain and as signed exports, verify under the provider's auditor against
the receipts POST /v1/delivery returned in that period."""

from __future__ import annotations

from auditing import (
    describe,
    fetch_key_directory,
    metering_summary,
    receipt_records,
    settlement_summary,
)
from enfinitos_auditor import verify_metering_projection, verify_settlement_reconciliation, verify_signed_export
from periods import observe_around_a_period
from standin_client import EnfinitosClient


def _assert_export_envelope(export: dict, kind: str, org_id: str) -> None:
    """The export.v1 metadata the auditor does not check (it is outside the signature), as the facts file gives it."""
    assert (export["kind"], export["envelopeVersion"], export["algorithm"], export["orgId"]) == (
        kind,
        "export.v1",
        "ed25519",
        org_id,
    )


def test_metering_of_a_period_reprojects_from_the_receipts_observed_in_it(api: EnfinitosClient) -> None:
    period = observe_around_a_period(api)
    metering = api.metering(period.start, period.end)
    assert {r["proofReceiptId"] for r in metering["records"]} == {r["payload"]["receiptId"] for r in period.receipts}
    report = verify_metering_projection(receipt_records(period.receipts), metering_summary(metering), period.org_id)
    assert report.status == "VALID", describe(report.steps)


def test_settlement_of_a_period_reconciles_with_its_metering_in_gbp_by_default(api: EnfinitosClient) -> None:
    period = observe_around_a_period(api)
    metering = metering_summary(api.metering(period.start, period.end))
    settlement = settlement_summary(api.settlement(period.start, period.end))
    assert settlement.currency == "GBP"
    report = verify_settlement_reconciliation(metering, settlement)
    assert report.status == "VALID", describe(report.steps)


def test_signed_metering_export_verifies_and_its_payload_reprojects_from_the_receipts(api: EnfinitosClient) -> None:
    period = observe_around_a_period(api)
    export = api.metering(period.start, period.end, export=True)
    _assert_export_envelope(export, "metering.export.v1", period.org_id)
    gate = verify_signed_export(export, fetch_key_directory(api))
    assert gate.status == "VALID", describe(gate.steps)
    # The signature gate passed: the payload is the evidence; it is the plain summary, and it re-projects.
    assert export["payload"] == api.metering(period.start, period.end)
    content = verify_metering_projection(
        receipt_records(period.receipts), metering_summary(export["payload"]), period.org_id
    )
    assert content.status == "VALID", describe(content.steps)


def test_signed_settlement_export_verifies_and_its_payload_reconciles_with_the_signed_metering(
    api: EnfinitosClient,
) -> None:
    period = observe_around_a_period(api)
    keys = fetch_key_directory(api)
    metering_export = api.metering(period.start, period.end, export=True)
    settlement_export = api.settlement(period.start, period.end, export=True)
    _assert_export_envelope(settlement_export, "settlement.export.v1", period.org_id)
    for export in (metering_export, settlement_export):
        gate = verify_signed_export(export, keys)
        assert gate.status == "VALID", f"{export.get('kind')}:\n{describe(gate.steps)}"
    assert settlement_export["payload"] == api.settlement(period.start, period.end)
    content = verify_settlement_reconciliation(
        metering_summary(metering_export["payload"]), settlement_summary(settlement_export["payload"])
    )
    assert content.status == "VALID", describe(content.steps)
