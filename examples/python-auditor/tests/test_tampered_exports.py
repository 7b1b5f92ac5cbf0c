"""Every tampered-export scenario of standin's catalogue makes the provider's auditor report exactly the reason codes
its description promises ("...; an auditor reports A, B, C.").

The audit is the SDK's documented flow: verify_signed_export is the gate; only an export that passes it has its
payload checked for content (metering re-projected from the receipts, settlement reconciled with a metering
summary fetched before the scenario was switched on, so only the export under test is suspect).
"""

from __future__ import annotations

from auditing import describe, fetch_key_directory, invalid_reasons, metering_summary, receipt_records, settlement_summary
from catalogue import promised_codes
from enfinitos_auditor import verify_metering_projection, verify_settlement_reconciliation, verify_signed_export
from periods import observe_around_a_period
from standin_client import EnfinitosClient

EXPORTING_OPERATIONS = ("getMetering", "getSettlement")


def test_tampered_export_gives_exactly_the_promised_reason_codes(
    api: EnfinitosClient, tampered_export_scenario: dict
) -> None:
    name = tampered_export_scenario["name"]
    assert name is not None, "standin's catalogue offers no enfinitos:exports.tampered.* scenario"
    description = tampered_export_scenario["description"]
    promised = promised_codes(description)
    assert promised, f"{name} promises no reason codes: {description!r}"
    operations = [op for op in EXPORTING_OPERATIONS if op in tampered_export_scenario["operations"]]
    assert operations, f"{name} covers neither getMetering nor getSettlement"

    period = observe_around_a_period(api)
    receipts = receipt_records(period.receipts)
    trusted_metering = metering_summary(api.metering(period.start, period.end))
    api.add_scenarios(name)
    keys = fetch_key_directory(api)  # under the scenario, like everything the auditor reads from here on

    problems = []
    for operation in operations:
        if operation == "getMetering":
            export = api.metering(period.start, period.end, export=True)
        else:
            export = api.settlement(period.start, period.end, export=True)
        steps = list(verify_signed_export(export, keys).steps)
        if not invalid_reasons(steps):
            if operation == "getMetering":
                content = verify_metering_projection(receipts, metering_summary(export["payload"]), period.org_id)
            else:
                content = verify_settlement_reconciliation(trusted_metering, settlement_summary(export["payload"]))
            steps += content.steps
        found = invalid_reasons(steps)
        if found != promised:
            problems.append(
                f"{operation}: promised {sorted(promised)}, the auditor reports {sorted(found)}\n{describe(steps)}"
            )
    assert not problems, f"{name}:\n" + "\n".join(problems)
