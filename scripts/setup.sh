#!/usr/bin/env bash
# Set up crisislens on a fresh machine: virtualenv, the package with its model, the gazetteer.
# Idempotent: a second run installs nothing new and skips a gazetteer that is already built.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
.venv/bin/crisislens setup
