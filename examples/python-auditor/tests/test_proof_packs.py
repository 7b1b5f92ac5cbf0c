"""Packs sealed in series, across a key rotation, verify under the provider's auditor: as sealed, as fetched one by
one, and as listed. The series is built once for the module (1,051 deliveries); each test reads it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import List, Optional

import httpx
import pytest

from auditing import assert_fully_valid, audit_pack, fetch_keys
from enfinitos_auditor import SignedProofPack, VerificationKey, parse_signed_proof_pack
from standin_client import EnfinitosClient, raw_json_value

# Deliveries per pack, sealed in this order. The rotation happens before the second pack.
PACK_SIZES = (1, 50, 1000)
ROTATION = "enfinitos:proof-packs.rotated-key"


@dataclass
class Sealed:
    raw: bytes  # the `pack` member of the seal's reply, byte for byte
    pack: SignedProofPack  # as the auditor parses it
    label: str
    prior_after_hash: Optional[str]  # the previous pack's last afterHash; None for the org's first pack


@dataclass
class Series:
    client: EnfinitosClient
    packs: List[Sealed]
    keys: List[VerificationKey]


@pytest.fixture(scope="module")
def series(standin_url: str, http: httpx.Client) -> Series:
    client = EnfinitosClient(http, standin_url)
    client.set_scenarios("enfinitos:empty-world")
    right = client.active_right()
    packs: List[Sealed] = []
    for index, size in enumerate(PACK_SIZES):
        if index == 1:
            # Rotates the signing key on its first answer: the later packs are signed by the new key.
            client.add_scenarios(ROTATION)
        client.observe_many(right["id"], size)
        label = f"series pack {index + 1} of {len(PACK_SIZES)}"
        reply = client.seal(label=label)
        assert reply.data["sealed"] is True, reply.body[:500]
        raw = raw_json_value(reply.body, "data", "pack")
        prior = packs[-1].pack.records[-1].after_hash if packs else None
        packs.append(Sealed(raw, parse_signed_proof_pack(reply.data["pack"]), label, prior))
    # One directory fetched after the rotation: the old key stays published with its notAfter.
    return Series(client, packs, fetch_keys(client))


def test_series_holds_1_50_and_1000_deliveries_and_spans_a_key_rotation(series: Series) -> None:
    assert [len(s.pack.records) for s in series.packs] == list(PACK_SIZES)
    first_keys = {r.key_id for r in series.packs[0].pack.records}
    later_keys = {r.key_id for s in series.packs[1:] for r in s.pack.records}
    assert first_keys.isdisjoint(later_keys), "no rotation between the first pack and the later ones"
    published = {k.key_id for k in series.keys}
    assert first_keys | later_keys <= published


def test_each_sealed_pack_verifies_anchored_at_the_previous_packs_last_after_hash(series: Series) -> None:
    for sealed in series.packs:
        assert_fully_valid(audit_pack(sealed.pack, series.keys, sealed.prior_after_hash))


def test_seal_keeps_the_label_it_was_given(series: Series) -> None:
    assert [s.pack.label for s in series.packs] == [s.label for s in series.packs]


def test_get_proof_pack_returns_the_sealed_bytes_and_they_verify(series: Series) -> None:
    for sealed in series.packs:
        reply = series.client.get_pack(sealed.pack.pack_id)
        fetched = raw_json_value(reply.body, "data", "proofPack")
        assert fetched == sealed.raw, f"GET /v1/proof-packs/{sealed.pack.pack_id} differs from what the seal returned"
        assert_fully_valid(audit_pack(reply.data["proofPack"], series.keys, sealed.prior_after_hash))


def test_list_proof_packs_pages_newest_first_with_the_sealed_bytes_and_they_verify(series: Series) -> None:
    # limit=2 over three packs: two pages, so nextCursor is followed, not just read.
    listed = list(series.client.list_all_packs(limit=2))
    newest_first = list(reversed(series.packs))
    assert len(listed) == len(newest_first)
    for raw, sealed in zip(listed, newest_first):
        assert raw == sealed.raw, f"listProofPacks shows pack {sealed.pack.pack_id} otherwise than it was sealed"
        assert_fully_valid(audit_pack(json.loads(raw), series.keys, sealed.prior_after_hash))


def test_seeded_orgs_packs_and_the_next_seal_verify_in_series(standin_url: str, http: httpx.Client) -> None:
    """The world a downstream team meets first: the seeded org's packs, oldest first, then one more seal (with the
    seeded deliveries not sealed yet, if any), each anchored at the one before it."""
    client = EnfinitosClient(http, standin_url)  # the seeded world, not an empty one
    client.observe(client.active_right()["id"], 4200)
    assert client.seal(label="after the seeded packs").data["sealed"] is True
    oldest_first = [json.loads(raw) for raw in reversed(list(client.list_all_packs(limit=50)))]
    assert len(oldest_first) >= 2
    keys = fetch_keys(client)
    prior = None
    for pack in oldest_first:
        assert_fully_valid(audit_pack(pack, keys, prior))
        prior = pack["records"][-1]["afterHash"]
