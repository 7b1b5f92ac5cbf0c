#!/usr/bin/env bash
# Creates (or reuses) the judges' Python virtual environment and installs the pinned packages from PyPI.
# Usage: judges/python-env.sh [VENV_DIR]   (default .venv-judges). Exits non-zero, saying why, if PyPI cannot be reached:
# a judge that cannot be installed is a failure, never a skip.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${1:-$root/.venv-judges}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv" || { echo "judges: cannot create a Python virtual environment at $venv (python3 -m venv failed)" >&2; exit 1; }
fi
if ! "$venv/bin/pip" install --quiet --disable-pip-version-check \
  -r "$root/judges/requirements.txt" -c "$root/judges/requirements.lock.txt"; then
  echo "judges: pip could not install judges/requirements.txt from PyPI; the auditor and Schemathesis judges cannot run" >&2
  exit 1
fi
echo "$venv"
