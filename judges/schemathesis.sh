#!/usr/bin/env bash
# Schemathesis as an independent judge: fuzzes `standin serve` against both specs with every check of `--checks all`
# and every phase (examples, coverage, fuzzing, stateful through the specs' OpenAPI links), a fixed seed and a
# bounded time budget.
#
# Usage (from the repository root, after `npm ci && npm run build`): judges/schemathesis.sh
# Environment: ST_ENFINITOS_SECONDS (default 105) and ST_DEDIT_SECONDS (default 55), each spec's time budget;
#              ST_MIN_REQUESTS (default 3000), the fewest requests the run must send across both specs.
# Output: Schemathesis's report for each spec, then a summary; JUnit and NDJSON reports and the server's request log
# in .tmp/schemathesis/. Configuration: judges/schemathesis.toml (the checks, auth, seed and the documented
# exceptions). The checks are enabled there, not with `--checks all` here: a command-line option beats the config's
# per-operation exceptions in Schemathesis, which would then be ignored. The summary fails if any check never ran.
#
# The last line is exactly `schemathesis: N passed, N failed`, counted per operation x check: for each spec, each
# operation and each of the 14 checks Schemathesis ran on it (in any phase; a stateful step counts for its own
# operation), the pair passes when no response failed that check and fails when at least one did. A run-level error
# (a link or hook that cannot be evaluated, a crash), a check that never ran, too few requests or a non-zero exit of
# Schemathesis with no failure recorded each count as one failure. Exit 0 only when nothing failed; otherwise 1.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/.tmp/schemathesis"
config="$root/judges/schemathesis.toml"
enfinitos_seconds="${ST_ENFINITOS_SECONDS:-105}"
dedit_seconds="${ST_DEDIT_SECONDS:-55}"
min_requests="${ST_MIN_REQUESTS:-3000}"

fail() {
  echo "schemathesis: $1" >&2
  echo "schemathesis: 0 passed, 1 failed"
  exit 1
}

venv="$(judges/python-env.sh | tail -n 1)" || fail "the judges' Python environment could not be set up (judges/python-env.sh)"
st="$venv/bin/st"
[ -x "$st" ] || fail "$st is missing after judges/python-env.sh"
[ -f dist/mocks/cli.js ] || fail "dist/mocks/cli.js is missing: build first (npm run build)"

rm -rf "$out"
mkdir -p "$out"

# The mock on an ephemeral loopback port, a fixed seed and clock (the same world every run), one JSON line per request.
node dist/mocks/cli.js serve --host 127.0.0.1 --port 0 --seed 1 --clock 2026-04-01T12:00:00.000Z --log json \
  >"$out/serve.log" 2>"$out/serve.stderr" &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null
  fi
  wait "$server_pid" 2>/dev/null
}
trap stop_server EXIT
trap 'exit 130' INT TERM

port=""
for _ in $(seq 1 100); do
  # The banner's "listening on" line, plain or (with --log json) inside the JSON line's message.
  port="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' "$out/serve.log" | head -n 1)"
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || fail "standin serve did not report a port within 10 s: $(tail -n 5 "$out/serve.stderr" 2>/dev/null)"
base="http://127.0.0.1:$port"
echo "standin serve on $base (pid $server_pid)"

# One Schemathesis run per spec. `timeout` bounds each run beyond its own --max-time, in case it hangs.
run_spec() {
  local name="$1" spec="$2" seconds="$3"
  echo
  echo "=== Schemathesis: $spec against $base (budget ${seconds} s) ==="
  timeout --kill-after=10 "$((seconds + 60))" \
    "$st" --config-file "$config" run "$spec" \
    --url "$base" \
    --phases examples,coverage,fuzzing,stateful \
    --max-time "$seconds" \
    --request-timeout 10 \
    --report junit,ndjson \
    --report-junit-path "$out/$name.junit.xml" \
    --report-ndjson-path "$out/$name.ndjson"
}

start=$(date +%s)
run_spec enfinitos openapi/enfinitos.yaml "$enfinitos_seconds"
enfinitos_rc=$?
run_spec dedit openapi/dedit.yaml "$dedit_seconds"
dedit_rc=$?
elapsed=$(($(date +%s) - start))

stop_server
trap - EXIT

python3 - "$out" "$enfinitos_rc" "$dedit_rc" "$min_requests" "$elapsed" <<'PY'
import json, os, sys
from collections import defaultdict

out, enfinitos_rc, dedit_rc, min_requests, elapsed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
# The 14 checks of `st run --checks all` (Schemathesis 4.32); max_response_time is separate and not enabled here.
ALL_CHECKS = {
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "positive_data_acceptance", "missing_required_header",
    "unsupported_method", "allow_header_conformance", "use_after_free", "ensure_resource_availability",
    "ignored_auth", "object_level_authorization",
}
seen_checks = set()
pairs = {}  # (spec, operation, check) -> 'pass' | 'fail'
requests = defaultdict(int)
errors = []
for spec in ("enfinitos", "dedit"):
    path = os.path.join(out, f"{spec}.ndjson")
    if not os.path.exists(path):
        errors.append(f"{spec}: no NDJSON report (Schemathesis did not run)")
        continue
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            event = json.loads(line)
            if "ScenarioFinished" in event:
                recorder = event["ScenarioFinished"]["recorder"]
                requests[spec] += len(recorder.get("interactions") or {})
                cases = recorder.get("cases") or {}
                for case_id, results in (recorder.get("checks") or {}).items():
                    # Stateful scenarios are labelled "Stateful tests": attribute each step to its own operation.
                    label = recorder.get("label", "?")
                    value = (cases.get(case_id) or {}).get("value") or {}
                    if label == "Stateful tests" and "method" in value:
                        label = f"{value['method'].upper()} {value['path']}"
                    for result in results:
                        if result["name"] not in ALL_CHECKS:
                            continue
                        seen_checks.add(result["name"])
                        key = (spec, label, result["name"])
                        if result["status"] == "failure":
                            pairs[key] = "fail"
                        elif result["status"] == "success":
                            pairs.setdefault(key, "pass")
            elif "NonFatalError" in event:
                info = event["NonFatalError"].get("info") or {}
                errors.append(f"{spec}: {event['NonFatalError'].get('label', '')}: {info.get('title', '')} {info.get('message', '')}".strip())
            elif "FatalError" in event:
                errors.append(f"{spec}: fatal error: {json.dumps(event['FatalError'])[:500]}")

served = defaultdict(int)
server_5xx = 0
with open(os.path.join(out, "serve.log"), encoding="utf-8") as fh:
    for line in fh:
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        if "status" not in entry:
            continue
        p = entry.get("path", "")
        served["enfinitos" if p.startswith("/v1/") else "dedit" if p.startswith("/api/v2/") else "other"] += 1
        if isinstance(entry["status"], int) and entry["status"] >= 500:
            server_5xx += 1

failed_pairs = sorted(k for k, v in pairs.items() if v == "fail")
passed = sum(1 for v in pairs.values() if v == "pass")
failed = len(failed_pairs) + len(errors)
total_requests = requests["enfinitos"] + requests["dedit"]

print()
print("=== Schemathesis summary ===")
print(f"time: {elapsed} s for both specs")
print(f"requests sent by Schemathesis: {total_requests} (EnfinitOS {requests['enfinitos']}, Dedit {requests['dedit']});"
      f" answered by standin: {sum(served.values())} (EnfinitOS {served['enfinitos']}, Dedit {served['dedit']}, other {served['other']})"
      f"; 5xx answers: {server_5xx}")
for spec in ("enfinitos", "dedit"):
    ops = {k[1] for k in pairs if k[0] == spec}
    print(f"{spec}: {len(ops)} operations, {sum(1 for k in pairs if k[0] == spec)} operation x check pairs")
for spec, op, check in failed_pairs:
    print(f"FAILED {spec} {op} {check}")
for error in errors:
    print(f"ERROR {error}")
if enfinitos_rc or dedit_rc:
    print(f"Schemathesis exit codes: EnfinitOS {enfinitos_rc}, Dedit {dedit_rc} (non-zero: see its report above)")
    if not failed_pairs and not errors:
        failed += 1
missing_checks = sorted(ALL_CHECKS - seen_checks)
if missing_checks:
    print(f"checks that never ran: {', '.join(missing_checks)}")
    failed += len(missing_checks)
if total_requests < min_requests:
    print(f"too few requests: {total_requests} < {min_requests}")
    failed += 1
print(f"schemathesis: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
