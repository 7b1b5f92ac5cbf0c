#!/usr/bin/env bash
# The provider's auditor as an independent judge of standin: runs examples/python-auditor (pytest + the pinned
# enfinitos-sdk-auditor) against `standin serve` on a loopback port, over HTTP only.
#
# Usage: judges/auditor.sh [extra pytest args]      (from anywhere; it works from the repository root)
# Needs: python3 (for the venv), node, dist/ built (`npm run build`, which CI runs after `npm ci`; built here only if missing).
# Writes .tmp/auditor-junit.xml. The LAST line is always `auditor: N passed, N failed` (errors, skips and an empty
# run count as failed); exit status 0 only when N failed is 0.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 1

junit="$root/.tmp/auditor-junit.xml"
# A wall-clock bound on the test run (SIGINT first, so pytest tears the server down and still writes its report).
run_limit_s="${AUDITOR_TIMEOUT_S:-300}"

finish() { # finish PASSED FAILED: the summary line, and the exit status
  echo "auditor: $1 passed, $2 failed"
  [ "$2" -eq 0 ]
  exit $?
}

venv="$(judges/python-env.sh | tail -n 1)" || {
  echo "auditor: cannot set up the judges' Python environment (judges/python-env.sh failed; see above)" >&2
  finish 0 1
}

if [ ! -f dist/mocks/cli.js ]; then
  echo "auditor: dist/ is not built; running npm run build"
  npm run --silent build || { echo "auditor: npm run build failed" >&2; finish 0 1; }
fi

mkdir -p "$root/.tmp"
rm -f "$junit"
start=$(date +%s)
(
  cd examples/python-auditor &&
    timeout -s INT -k 20 "$run_limit_s" "$venv/bin/python" -m pytest -p no:cacheprovider \
      --junitxml="$junit" -o junit_family=xunit2 "$@"
)
pytest_rc=$?
echo "auditor: pytest exited $pytest_rc after $(($(date +%s) - start)) s (JUnit report: ${junit#"$root"/})"

# Count from the JUnit report: a test case with a <failure> or <error> failed; a skipped one did not pass either.
read -r passed failed < <("$venv/bin/python" - "$junit" <<'EOF'
import sys
import xml.etree.ElementTree as ET
try:
    cases = list(ET.parse(sys.argv[1]).getroot().iter("testcase"))
except (OSError, ET.ParseError):
    print(0, 0)
    sys.exit()
bad = sum(1 for c in cases if any(c.find(tag) is not None for tag in ("failure", "error", "skipped")))
print(len(cases) - bad, bad)
EOF
)
passed=${passed:-0}
failed=${failed:-0}
# No report, no test, or pytest failing without a failed test (e.g. a timeout or an internal error): a failure.
if [ "$failed" -eq 0 ] && { [ "$passed" -eq 0 ] || [ "$pytest_rc" -ne 0 ]; }; then failed=1; fi
finish "$passed" "$failed"
