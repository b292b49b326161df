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
# Debian's chromium and its driver, which the browser tests (tests/test_browser.py) launch from /usr/bin.
# Installed when missing and this user may (root, or sudo without a password); otherwise the command is printed.
browser_packages="chromium chromium-driver"
missing=""
for package in $browser_packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing="$missing $package"
done
missing=${missing# }
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then as_root=""
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root="sudo"
    else as_root="none"
    fi
    install="apt-get install -y -qq --no-install-recommends $missing"
    if [ "$as_root" = none ] || ! command -v apt-get >/dev/null; then
        echo "The browser tests need $missing: run  sudo apt-get update && sudo $install" >&2
    # A fresh image has empty package lists: install straight away, and update the lists only if that fails.
    elif ! { $as_root env DEBIAN_FRONTEND=noninteractive $install >/dev/null 2>&1 \
             || { $as_root apt-get update -qq >/dev/null 2>&1 \
                  && $as_root env DEBIAN_FRONTEND=noninteractive $install >/dev/null; }; }; then
        echo "Could not install $missing; the browser tests need them: run  sudo apt-get update && sudo $install" >&2
    fi
fi
