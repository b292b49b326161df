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
# The web app's browser libraries (Leaflet, markercluster, world-atlas, topojson-client, d3-brush) into web/node_modules.
if command -v npm >/dev/null; then
    if [ -f web/package-lock.json ]; then
        npm ci --prefix web --no-audit --no-fund --loglevel=error >/dev/null
    else
        npm install --prefix web --no-audit --no-fund --loglevel=error >/dev/null
    fi
else
    echo "npm not found: the web app's map will say to install Node.js and run this script again" >&2
fi
