"""Starts one `standin serve` for the whole run and gives each test its own session of it.

The server listens on an ephemeral loopback port (`--port 0`); its banner line `listening on http://127.0.0.1:N`
tells which. Its output goes to a file, not a pipe: a request log nobody drains would fill the pipe and stall the
server mid-test. Every wait is bounded, and the server is always stopped (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import ctypes
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from catalogue import CLI, REPO_ROOT, TAMPERED_EXPORTS, TAMPERED_PACKS, node, scenarios_named
from standin_client import EnfinitosClient, new_http_client

# A fixed clock: every session starts at this instant and moves 1 s per request (or when a test moves it).
CLOCK = "2026-04-01T12:00:00.000Z"
START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
_LISTENING = re.compile(rb"listening on (http://127\.0\.0\.1:\d+)")


def _die_with_parent() -> None:
    """Runs in the child before exec: on Linux, the kernel sends the server SIGTERM if pytest itself is killed, so a
    killed run never leaves a server behind."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _wait_for_url(process: subprocess.Popen, log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        match = _LISTENING.search(log.read_bytes())
        if match:
            return match.group(1).decode()
        if process.poll() is not None:
            break
        time.sleep(0.05)
    output = log.read_text(errors="replace")[-4000:]
    raise RuntimeError(f"standin serve did not start within {START_TIMEOUT_S:.0f} s (exit {process.poll()}):\n{output}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # standin finishes in-flight requests on SIGTERM, then exits 0
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def standin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: run `npm run build` in {REPO_ROOT}", pytrace=False)
    log = tmp_path_factory.mktemp("standin") / "serve.log"
    command = [node(), str(CLI), "serve", "--port", "0", "--host", "127.0.0.1", "--clock", CLOCK, "--log", "json"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
    try:
        url = _wait_for_url(process, log)
        health = httpx.get(f"{url}/__standin/health", timeout=5.0, trust_env=False)
        assert health.status_code == 200, health.text
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def http() -> Iterator[httpx.Client]:
    """One connection pool for the run: a 1,000-delivery pack is 1,000 requests on one kept-alive connection."""
    with new_http_client() as client:
        yield client


@pytest.fixture
def api(standin_url: str, http: httpx.Client) -> EnfinitosClient:
    """A fresh session whose org starts empty (keys, no entities, no packs): the org's first pack is this test's."""
    client = EnfinitosClient(http, standin_url)
    client.set_scenarios("enfinitos:empty-world")
    return client


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One case per tampering scenario in standin's catalogue (never a copied list)."""
    for fixture, prefix in (("tampered_pack_scenario", TAMPERED_PACKS), ("tampered_export_scenario", TAMPERED_EXPORTS)):
        if fixture not in metafunc.fixturenames:
            continue
        found = scenarios_named(prefix)
        # An empty catalogue must fail, not pass by running nothing.
        params = [pytest.param(s, id=s["name"][len(prefix) :]) for s in found] or [
            pytest.param({"name": None, "prefix": prefix}, id="none-in-catalogue")
        ]
        metafunc.parametrize(fixture, params)
