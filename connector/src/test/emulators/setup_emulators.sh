#!/usr/bin/env bash
# Install (or reuse) the storage emulators of the connector's object-store tests.
#
#   setup_emulators.sh CACHE_DIR [PROPERTIES_FILE]
#
# CACHE_DIR/moto-<sha12>/     a Python venv with moto[server] (requirements-moto.txt): bin/moto_server
# CACHE_DIR/azurite-<sha12>/  node_modules with azurite (package.json): node_modules/.bin/azurite-blob
#
# and writes their paths (moto.server=..., azurite.blob=...) to PROPERTIES_FILE (default: stdout),
# which the tests read through the system property deeplake4j.emulators.
# <sha12> is the start of the sha256 of the requirements file, so a change of pins installs next to
# the old copy. Idempotent: a copy whose stamp file exists is reused at once. Needs python3 (venv),
# node/npm, and PyPI/npm registry access only while installing. Non-zero exit on failure, so the
# build (and therefore the tests) fail instead of skipping.
set -euo pipefail

log() { printf 'setup_emulators: %s\n' "$*" >&2; }
die() { printf 'setup_emulators: ERROR: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || [ $# -eq 2 ] || die "usage: $0 CACHE_DIR [PROPERTIES_FILE]"
CACHE=$1
OUT=${2:-/dev/stdout}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PYTHON=${PYTHON:-python3}
mkdir -p "$CACHE"

sha12() { sha256sum "$1" | cut -c1-12; }

MOTO_DIR="$CACHE/moto-$(sha12 "$HERE/requirements-moto.txt")"
if [ -f "$MOTO_DIR/.installed" ] && [ -x "$MOTO_DIR/bin/moto_server" ]; then
    log "$MOTO_DIR is up to date"
else
    command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; install Python 3 with venv"
    log "creating $MOTO_DIR (moto server; ~30 s)"
    rm -rf "$MOTO_DIR"
    "$PYTHON" -m venv "$MOTO_DIR" || die "'$PYTHON -m venv' failed (Debian: apt-get install python3-venv)"
    PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off \
        "$MOTO_DIR/bin/python" -m pip install --quiet -r "$HERE/requirements-moto.txt" >&2 \
        || die "pip install -r requirements-moto.txt failed (is PyPI reachable?)"
    [ -x "$MOTO_DIR/bin/moto_server" ] || die "moto installed but $MOTO_DIR/bin/moto_server is missing"
    touch "$MOTO_DIR/.installed"
fi

AZURITE_DIR="$CACHE/azurite-$(sha12 "$HERE/package.json")"
if [ -f "$AZURITE_DIR/.installed" ] && [ -x "$AZURITE_DIR/node_modules/.bin/azurite-blob" ]; then
    log "$AZURITE_DIR is up to date"
else
    command -v npm >/dev/null 2>&1 || die "npm not found; install Node.js 18+ (Debian: apt-get install nodejs npm)"
    log "creating $AZURITE_DIR (azurite; ~30 s)"
    rm -rf "$AZURITE_DIR"
    mkdir -p "$AZURITE_DIR"
    cp "$HERE/package.json" "$AZURITE_DIR/package.json"
    [ -f "$HERE/package-lock.json" ] && cp "$HERE/package-lock.json" "$AZURITE_DIR/"
    (cd "$AZURITE_DIR" && npm install --no-audit --no-fund --loglevel=error >&2) \
        || die "npm install azurite failed (is the npm registry reachable?)"
    [ -x "$AZURITE_DIR/node_modules/.bin/azurite-blob" ] || die "azurite installed but azurite-blob is missing"
    touch "$AZURITE_DIR/.installed"
fi

# For the tests: where the emulators are.
[ "$OUT" = /dev/stdout ] || mkdir -p "$(dirname "$OUT")"
printf 'moto.server=%s\nazurite.blob=%s\n' "$MOTO_DIR/bin/moto_server" "$AZURITE_DIR/node_modules/.bin/azurite-blob" > "$OUT"
