"""Every tampered-pack scenario of standin's catalogue makes the provider's auditor report exactly the reason codes
its description promises ("...; an auditor reports A, B, C."): no code missing, none extra.

The pack is the org's first (the world starts empty), so it is audited with no prior pack (prior_after_hash None),
as the facts file's table has it for the genesis tampering. The full audit is verify_all: signatures, chain,
metering and settlement. Each view the scenario serves (seal, get, list) is audited on its own.
"""

from __future__ import annotations

from typing import Dict

from auditing import assert_fully_valid, audit_pack, describe, fetch_keys, invalid_reasons, pack_steps
from catalogue import promised_codes
from enfinitos_auditor import AuditorError
from standin_client import EnfinitosClient

# Enough records for every tampering: records-swapped needs two adjacent ones after the first with different
# issuedAt (the clock moves 1 s per request), nonce-reused a second record.
DELIVERIES = 5


def _views(api: EnfinitosClient, operations: list) -> Dict[str, dict]:
    """The pack as each covered operation serves it."""
    sealed = api.seal().data
    assert sealed["sealed"] is True
    pack_id = sealed["pack"]["packId"]
    views = {
        "sealProofPack": sealed["pack"],
        "getProofPack": api.get_pack(pack_id).data["proofPack"],
        "listProofPacks": api.list_packs().data["proofPacks"][0],
    }
    return {op: pack for op, pack in views.items() if op in operations}


def test_untampered_first_pack_of_the_same_flow_is_valid(api: EnfinitosClient) -> None:
    api.observe_many(api.active_right()["id"], DELIVERIES)
    views = _views(api, ["sealProofPack", "getProofPack", "listProofPacks"])
    keys = fetch_keys(api)
    for pack in views.values():
        assert_fully_valid(audit_pack(pack, keys, prior_after_hash=None))


def test_tampered_pack_gives_exactly_the_promised_reason_codes(
    api: EnfinitosClient, tampered_pack_scenario: dict
) -> None:
    name = tampered_pack_scenario["name"]
    assert name is not None, "standin's catalogue offers no enfinitos:proof-packs.tampered.* scenario"
    description = tampered_pack_scenario["description"]
    promised = promised_codes(description)
    assert promised, f"{name} promises no reason codes: {description!r}"

    api.observe_many(api.active_right()["id"], DELIVERIES)
    api.add_scenarios(name)
    views = _views(api, tampered_pack_scenario["operations"])
    assert views, f"{name} covers none of sealProofPack, getProofPack, listProofPacks"
    # Fetched once the packs exist, as an auditor would, and under the scenario: it may publish keys of its own.
    keys = fetch_keys(api)

    problems = []
    for operation, pack in views.items():
        try:
            report = audit_pack(pack, keys, prior_after_hash=None)
        except AuditorError as err:  # the SDK parses strictly: a pack it cannot read is a failure, not a verdict
            problems.append(f"{operation}: the auditor could not parse the pack: {err}")
            continue
        found = invalid_reasons(pack_steps(report))
        if found != promised:
            problems.append(
                f"{operation}: promised {sorted(promised)}, the auditor reports {sorted(found)}\n"
                f"{describe(pack_steps(report))}"
            )
    assert not problems, f"{name}:\n" + "\n".join(problems)
