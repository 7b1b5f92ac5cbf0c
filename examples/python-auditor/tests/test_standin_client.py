"""The client's raw-bytes helper: the byte-for-byte comparisons of packs rely on it cutting exactly one member."""

from __future__ import annotations

import pytest

from standin_client import raw_json_value

BODY = b'{"ok": true, "data" :{"pack":{"a":"x,}]\\"","n":1.50},"list":[ {"k":[1,2]} , 7e0 ]},"z":null}'


def test_raw_json_value_cuts_the_exact_bytes_of_a_nested_member() -> None:
    assert raw_json_value(BODY, "data", "pack") == b'{"a":"x,}]\\"","n":1.50}'


def test_raw_json_value_walks_array_indexes_and_keeps_number_spellings() -> None:
    assert raw_json_value(BODY, "data", "list", 0) == b'{"k":[1,2]}'
    assert raw_json_value(BODY, "data", "list", 1) == b"7e0"


def test_raw_json_value_refuses_a_missing_member() -> None:
    with pytest.raises(KeyError):
        raw_json_value(BODY, "data", "proofPack")
    with pytest.raises(KeyError):
        raw_json_value(BODY, "data", "list", 2)
