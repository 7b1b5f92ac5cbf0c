"""The scenario catalogue, read from standin itself, and the reason codes each tampering scenario promises.

Tampering scenarios describe what an auditor must find: "...; an auditor reports A, B, C." The tests take that
sentence as the promise and hold the auditor's findings to it, so the list of scenarios and codes is never copied
here: a new tampering in the catalogue becomes a new test case.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import FrozenSet, List, Optional

HERE = Path(__file__).resolve().parent
# The standin checkout whose dist/ is served; STANDIN_ROOT points elsewhere (e.g. another build) when set.
REPO_ROOT = Path(os.environ.get("STANDIN_ROOT") or HERE.parent.parent).resolve()
CLI = REPO_ROOT / "dist" / "mocks" / "cli.js"

TAMPERED_PACKS = "enfinitos:proof-packs.tampered."
TAMPERED_EXPORTS = "enfinitos:exports.tampered."

_PROMISE = re.compile(r"an auditor reports (?P<codes>[A-Z0-9_]+(?:(?:, | and |, and )[A-Z0-9_]+)*)\.?\s*$")


def node() -> str:
    found = shutil.which("node")
    if found is None:
        raise RuntimeError("node is not on PATH: standin serve cannot start")
    return found


@functools.lru_cache(maxsize=None)
def enfinitos_scenarios() -> tuple:
    """`standin scenarios --provider enfinitos --json`: [{name, provider, description, operations}, ...]."""
    if not CLI.exists():
        raise RuntimeError(f"{CLI} is missing: build standin first (npm run build)")
    done = subprocess.run(
        [node(), str(CLI), "scenarios", "--provider", "enfinitos", "--json"],
        cwd=REPO_ROOT,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return tuple(json.loads(done.stdout))


def scenarios_named(prefix: str) -> List[dict]:
    return sorted((s for s in enfinitos_scenarios() if s["name"].startswith(prefix)), key=lambda s: s["name"])


def promised_codes(description: str) -> Optional[FrozenSet[str]]:
    """The codes after "an auditor reports", or None when the description promises none."""
    match = _PROMISE.search(description)
    if match is None:
        return None
    return frozenset(re.split(r", and |, | and ", match.group("codes")))
