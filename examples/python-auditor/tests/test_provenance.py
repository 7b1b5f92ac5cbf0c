"""Rights provenance, as GET /v1/rights/{rightId} publishes it, verifies under the provider's auditor
(verify_provenance_chain: who signed each record, with which key, for which org)."""

from __future__ import annotations

from auditing import describe, fetch_keys, provenance_records
from enfinitos_auditor import verify_provenance_chain
from standin_client import EnfinitosClient

PARTNER_ORG = "org_5e1f0a2b3c4d5e6f"  # any org other than the sandbox's


def _assert_valid_provenance(api: EnfinitosClient, right_id: str, expected_events: list) -> None:
    published = api.get_right(right_id)
    right, records = published["right"], provenance_records(published["provenance"])
    assert [r.provenance_event_type for r in records] == expected_events
    report = verify_provenance_chain(records, fetch_keys(api), expected_org_id=right["orgId"])
    assert report.status == "VALID", f"{right_id}:\n{describe(report.steps)}"
    assert report.signed_record_count == len(expected_events)


def test_right_issued_suspended_resumed_and_revoked_has_a_valid_provenance_chain(api: EnfinitosClient) -> None:
    right = api.active_right()
    api.transition(right["id"], "suspend", reason="Venue closed for refurbishment")
    api.transition(right["id"], "resume")
    api.transition(right["id"], "revoke", reason="Licence terminated")
    _assert_valid_provenance(
        api, right["id"], ["RIGHT_ISSUED", "RIGHT_SUSPENDED", "RIGHT_REACTIVATED", "RIGHT_REVOKED"]
    )


def test_right_derived_from_an_accepted_offer_has_a_valid_provenance_chain(api: EnfinitosClient) -> None:
    parent = api.active_right(scope="Greater London")
    offer = api.propose_offer(parent["id"], PARTNER_ORG, scope="Weekday mornings in Greater London")
    derived = api.accept_offer(offer["id"])["derivedRight"]
    assert derived["orgId"] == PARTNER_ORG and derived["parentRightId"] == parent["id"]
    _assert_valid_provenance(api, derived["id"], ["OFFER_ACCEPTED"])
    _assert_valid_provenance(api, parent["id"], ["RIGHT_ISSUED"])


def test_provenance_signed_before_and_after_a_key_rotation_verifies(api: EnfinitosClient) -> None:
    right = api.active_right()
    api.add_scenarios("enfinitos:proof-packs.rotated-key")
    fetch_keys(api)  # the scenario rotates the signing key on its first answer
    api.transition(right["id"], "suspend", reason="Venue closed for refurbishment")
    records = provenance_records(api.get_right(right["id"])["provenance"])
    assert records[0].signer_key_id != records[-1].signer_key_id, "no rotation between the two records"
    _assert_valid_provenance(api, right["id"], ["RIGHT_ISSUED", "RIGHT_SUSPENDED"])
