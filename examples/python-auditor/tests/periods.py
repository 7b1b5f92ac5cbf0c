"""Deliveries observed around a period, for the metering, settlement and export tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List

from standin_client import EnfinitosClient

HOUR_MS = 3_600_000


@dataclass
class ObservedPeriod:
    start: str  # periodStart, inclusive
    end: str  # periodEnd, exclusive
    receipts: List[dict]  # the receipts POST /v1/delivery returned inside [start, end)
    org_id: str


def observe_around_a_period(api: EnfinitosClient, inside: int = 5) -> ObservedPeriod:
    """Two deliveries, an hour's gap, `inside` deliveries, an hour's gap, two deliveries. The period opens at the
    first receipt inside and closes at the first receipt after it, which it must leave out (periodEnd is
    exclusive): the auditor then finds a meter record for a receipt it was not given if the bounds leak."""
    right = api.active_right()
    api.observe_many(right["id"], 2)
    api.advance_clock(HOUR_MS)
    receipts = api.observe_many(right["id"], inside)
    api.advance_clock(HOUR_MS)
    after = api.observe_many(right["id"], 2)
    return ObservedPeriod(
        start=receipts[0]["payload"]["issuedAt"],
        end=after[0]["payload"]["issuedAt"],
        receipts=receipts,
        org_id=right["orgId"],
    )
