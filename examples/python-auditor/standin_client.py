"""A small HTTP client for the EnfinitOS API as `standin serve` stands it in, plus standin's admin API.

Everything goes over HTTP (httpx, one keep-alive connection pool shared by every test), exactly as it would against
the provider's sandbox. Each `EnfinitosClient` speaks for one standin session (`X-Standin-Session`), so a test gets
its own isolated sandbox org, clock and scenarios.

Replies keep their raw bytes: an auditor compares what was published, not our re-encoding of it
(`raw_json_value` cuts the exact bytes of one member out of a JSON body).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, Iterator, Optional, Sequence, Union

import httpx

# Standin reads the role from a test key (`sk_test_<role>_...`, README "Who is calling"). Setting the world up takes
# an admin; an audit team reading evidence holds an auditor key (settlement:read, nothing else).
ADMIN_KEY = "sk_test_admin_auditexample0001"
AUDITOR_KEY = "sk_test_auditor_auditexample0001"

# Bounded waits: no call may hang a CI run.
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=5.0)


class ApiError(AssertionError):
    """A reply with an unexpected status; the message carries the body so a failing test says why."""

    def __init__(self, method: str, path: str, status: int, body: bytes) -> None:
        super().__init__(f"{method} {path} answered {status}: {body[:2000].decode('utf-8', 'replace')}")
        self.status = status
        self.body = body


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def data(self) -> Any:
        """The provider envelope's `data` (`{"ok": true, "data": ..., "contractVersion": "v1.0"}`)."""
        return self.json()["data"]


def new_http_client() -> httpx.Client:
    # trust_env=False: never route loopback traffic through a proxy from the environment.
    return httpx.Client(timeout=HTTP_TIMEOUT, trust_env=False)


class EnfinitosClient:
    """One standin session: EnfinitOS calls under /v1 and the session's admin calls under /__standin/session."""

    def __init__(self, http: httpx.Client, base_url: str, session: Optional[str] = None) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.session = session or f"auditor-{uuid.uuid4().hex[:12]}"

    # -- plumbing ---------------------------------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        params: Optional[dict] = None,
        key: Optional[str] = ADMIN_KEY,
        scenario: Optional[str] = None,
        expect: int = 200,
    ) -> Reply:
        headers = {"X-Standin-Session": self.session, "Accept": "application/json"}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        if scenario is not None:
            headers["X-Standin-Scenario"] = scenario
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(body).encode("utf-8")
        response = self.http.request(
            method, f"{self.base_url}{path}", headers=headers, params=params, content=content
        )
        reply = Reply(response.status_code, response.content)
        if reply.status != expect:
            raise ApiError(method, path, reply.status, reply.body)
        return reply

    def fetch_for_auditor(self, url: str, headers: Optional[dict] = None) -> httpx.Response:
        """The `http_fetch` hook of `enfinitos_auditor.load_key_directory`: the auditor fetches the key directory
        itself, through this session (a scenario may publish other keys)."""
        merged = {"X-Standin-Session": self.session, **(headers or {})}
        return self.http.get(url, headers=merged)

    # -- admin API (standin's, not the provider's) -------------------------------------------------------------------

    def set_scenarios(self, *names: str) -> None:
        """Replaces the session's active scenarios (a world scenario such as enfinitos:empty-world empties it now)."""
        self.call("PUT", "/__standin/session/scenarios", body={"scenarios": list(names)}, key=None)

    def add_scenarios(self, *names: str) -> None:
        """Activates these after the ones already active, for every later call of the session."""
        self.call("POST", "/__standin/session/scenarios", body={"scenarios": list(names)}, key=None)

    def advance_clock(self, ms: int) -> None:
        self.call("POST", "/__standin/session/clock/advance", body={"ms": ms}, key=None)

    # -- rights, offers --------------------------------------------------------------------------------------------

    def register_basis(self, description: str = "Westminster street-furniture advertising licence") -> dict:
        body = {"kind": "CONTRACTUAL", "description": description, "effectiveFrom": "2026-01-01T00:00:00.000Z"}
        return self.call("POST", "/v1/rights/bases", body=body).data["basis"]

    def issue_right(self, basis_id: str, scope: str = "Greater London") -> dict:
        body = {"basisId": basis_id, "substrate": "DOOH", "scope": scope, "effectiveFrom": "2026-01-01T00:00:00.000Z"}
        return self.call("POST", "/v1/rights/issue", body=body).data["right"]

    def active_right(self, scope: str = "Greater London") -> dict:
        """A fresh ACTIVE right on a fresh basis: what deliveries are observed against."""
        return self.issue_right(self.register_basis()["id"], scope)

    def get_right(self, right_id: str) -> dict:
        """`{right, provenance}`."""
        return self.call("GET", f"/v1/rights/{right_id}", key=AUDITOR_KEY).data

    def transition(self, right_id: str, action: str, reason: Optional[str] = None) -> dict:
        body = {"reason": reason} if reason is not None else None
        return self.call("POST", f"/v1/rights/{right_id}/{action}", body=body).data["right"]

    def propose_offer(self, right_id: str, to_org_id: str, scope: str) -> dict:
        body = {"rightId": right_id, "toOrgId": to_org_id, "scope": scope}
        return self.call("POST", "/v1/offers/propose", body=body).data["offer"]

    def accept_offer(self, offer_id: str) -> dict:
        """`{offer, derivedRight}`. Standin's sandbox keys answer for the counterparty too (its only org's keys)."""
        return self.call("POST", f"/v1/offers/{offer_id}/accept").data

    # -- deliveries, proof packs -------------------------------------------------------------------------------------

    def observe(self, right_id: str, dwell_ms: int, anchor: str = "anchor_A", placement: Optional[str] = None) -> dict:
        body: dict = {"rightId": right_id, "spatialAnchorId": anchor, "dwellMs": dwell_ms}
        if placement is not None:
            body["spatialPlacementId"] = placement
        return self.call("POST", "/v1/delivery", body=body).data["receipt"]

    def observe_many(self, right_id: str, count: int) -> list:
        """`count` deliveries, sequential on one connection, with varied dwell, anchors and placements."""
        anchors = ("anchor_A", "anchor_B", "anchor_C")
        return [
            self.observe(right_id, 500 + (i * 7919) % 29_500, anchors[i % 3], None if i % 4 == 0 else f"place_{i % 5}")
            for i in range(count)
        ]

    def seal(self, label: Optional[str] = None, scenario: Optional[str] = None) -> Reply:
        """POST /v1/proof-packs/seal; the reply's data is `{pack, sealed}`. The body `{label}` is optional."""
        body = {"label": label} if label is not None else None
        return self.call("POST", "/v1/proof-packs/seal", body=body, scenario=scenario)

    def get_pack(self, pack_id: str, scenario: Optional[str] = None) -> Reply:
        """The reply's data is `{proofPack}`."""
        return self.call("GET", f"/v1/proof-packs/{pack_id}", key=AUDITOR_KEY, scenario=scenario)

    def list_packs(self, cursor: int = 0, limit: int = 50, scenario: Optional[str] = None) -> Reply:
        """The reply's data is `{proofPacks, nextCursor, total}`, newest first."""
        params = {"cursor": cursor, "limit": limit}
        return self.call("GET", "/v1/proof-packs", params=params, key=AUDITOR_KEY, scenario=scenario)

    def list_all_packs(self, limit: int, max_pages: int = 100) -> Iterator[bytes]:
        """Every listed pack's raw JSON, newest first, following nextCursor (at most `max_pages` pages)."""
        cursor: Optional[int] = 0
        for _ in range(max_pages):
            if cursor is None:
                return
            reply = self.list_packs(cursor=cursor, limit=limit)
            count = len(reply.data["proofPacks"])
            for i in range(count):
                yield raw_json_value(reply.body, "data", "proofPacks", i)
            cursor = reply.data["nextCursor"]
        raise AssertionError(f"listProofPacks still had a nextCursor after {max_pages} pages")

    # -- metering, settlement ----------------------------------------------------------------------------------------

    def metering(self, start: str, end: str, export: bool = False, scenario: Optional[str] = None) -> dict:
        params = {"periodStart": start, "periodEnd": end, **({"export": "true"} if export else {})}
        data = self.call("GET", "/v1/metering", params=params, key=AUDITOR_KEY, scenario=scenario).data
        return data if export else data["metering"]

    def settlement(self, start: str, end: str, export: bool = False, scenario: Optional[str] = None) -> dict:
        params = {"periodStart": start, "periodEnd": end, **({"export": "true"} if export else {})}
        data = self.call("GET", "/v1/settlement", params=params, key=AUDITOR_KEY, scenario=scenario).data
        return data if export else data["settlement"]


# -- raw JSON ----------------------------------------------------------------------------------------------------------

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"


def raw_json_value(body: bytes, *path: Union[str, int]) -> bytes:
    """The exact bytes of the value at `path` (object keys and array indexes) inside the JSON document `body`.

    json.loads would lose what a byte-for-byte comparison is about (key order is kept, but spacing and number and
    string spellings are not), so this walks the document with the stdlib scanner and slices the original text.
    """
    text = body.decode("utf-8")
    start, end = _span(text, 0, path)
    return text[start:end].encode("utf-8")


def _span(text: str, pos: int, path: Sequence[Union[str, int]]) -> tuple:
    pos = _skip(text, pos)
    if not path:
        return pos, _DECODER.raw_decode(text, pos)[1]
    step, rest = path[0], path[1:]
    opener = "{" if isinstance(step, str) else "["
    if text[pos] != opener:
        raise KeyError(f"expected {opener!r} at offset {pos} looking for {step!r}")
    pos = _skip(text, pos + 1)
    index = 0
    # Bounded by the document's length: every pass consumes at least one member.
    while pos < len(text) and text[pos] not in "}]":
        if isinstance(step, str):
            key, pos = json.decoder.scanstring(text, pos + 1)
            pos = _skip(text, pos)
            assert text[pos] == ":", f"expected ':' at offset {pos}"
            pos = _skip(text, pos + 1)
            hit = key == step
        else:
            hit = index == step
        if hit:
            return _span(text, pos, rest)
        pos = _skip(text, _DECODER.raw_decode(text, pos)[1])
        if text[pos] == ",":
            pos = _skip(text, pos + 1)
        index += 1
    raise KeyError(f"{step!r} not found")


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos
