#!/usr/bin/env bash
# Create (or reuse) the Python venv of the connector's PySpark tests and notebooks.
#
#   setup_venv.sh DEST
#
# Mirrors engine/src/test/python/setup_venv.sh. Idempotent: when DEST/bin/python exists,
# DEST/.deeplake4j-requirements.sha256 holds the sha256 of requirements.txt (next to this script)
# and pyspark, nbclient and ipykernel import with the pinned versions, it exits 0 at once.
# Otherwise it (re)creates DEST with `python3 -m venv --clear`, installs requirements.txt with pip,
# registers nothing globally (notebooks run with DEST's own python3 kernel spec) and writes the
# stamp last. Needs python3 (with venv/ensurepip) and PyPI access only while installing (pyspark is
# a ~450 MB download). PYTHON=/path/to/python3 overrides the interpreter. Progress goes to stderr;
# exit status is non-zero on failure.
set -euo pipefail

log() { printf 'setup_venv(pyspark): %s\n' "$*" >&2; }
die() { printf 'setup_venv(pyspark): ERROR: %s\n' "$*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 DEST"
DEST=$1
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REQ="$HERE/requirements.txt"
STAMP_NAME=.deeplake4j-requirements.sha256
PYTHON=${PYTHON:-python3}

[ -f "$REQ" ] || die "missing $REQ"
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; install Python 3.10-3.13 (pyspark 4.2 needs 3.10+)"

if command -v sha256sum >/dev/null 2>&1; then
    WANT=$(sha256sum "$REQ" | cut -d' ' -f1)
else
    WANT=$("$PYTHON" -c 'import hashlib,sys;print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$REQ")
fi
PYSPARK_VERSION=$(sed -n 's/^pyspark==\([^ ]*\).*/\1/p' "$REQ")
[ -n "$PYSPARK_VERSION" ] || die "requirements.txt has no pyspark==VERSION pin"

check_import() {
    "$DEST/bin/python" - "$PYSPARK_VERSION" <<'PY'
import sys
import pyspark, nbclient, nbformat, ipykernel  # noqa: F401
assert pyspark.__version__ == sys.argv[1], pyspark.__version__
PY
}

if [ -x "$DEST/bin/python" ] && [ -f "$DEST/$STAMP_NAME" ] && [ "$(cat "$DEST/$STAMP_NAME")" = "$WANT" ]; then
    if check_import >/dev/null 2>&1; then
        log "$DEST is up to date (pyspark $PYSPARK_VERSION, requirements sha256 ${WANT:0:12})"
        exit 0
    fi
    log "$DEST has the right stamp but pyspark does not import; rebuilding"
fi

# Refuse to wipe a directory that is not (or not becoming) a venv.
if [ -e "$DEST" ]; then
    [ -d "$DEST" ] || die "$DEST exists and is not a directory"
    if [ -n "$(ls -A "$DEST" 2>/dev/null)" ] && [ ! -f "$DEST/pyvenv.cfg" ]; then
        die "$DEST is a non-empty directory that is not a venv; refusing to clear it"
    fi
fi

PYVER=$("$PYTHON" -c 'import sys;print("%d.%d" % sys.version_info[:2])')
log "creating venv $DEST with $PYTHON (Python $PYVER)"
mkdir -p "$(dirname "$DEST")"
"$PYTHON" -m venv --clear "$DEST" \
    || die "'$PYTHON -m venv' failed (on Debian/Ubuntu: apt-get install python3-venv)"
rm -f "$DEST/$STAMP_NAME"

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_NO_CACHE_DIR=1 PIP_PROGRESS_BAR=off
log "installing $(grep -c '==' "$REQ") pinned packages from requirements.txt (pyspark $PYSPARK_VERSION, ~450 MB); this takes a minute or more"
if ! "$DEST/bin/python" -m pip install --quiet --no-cache-dir -r "$REQ" >&2; then
    die "pip install -r $REQ failed (is PyPI reachable? see the pip output above)"
fi

log "checking that pyspark, nbclient and ipykernel import"
check_import >&2 || die "pyspark $PYSPARK_VERSION was installed but does not import"

printf '%s\n' "$WANT" > "$DEST/$STAMP_NAME.tmp"
mv "$DEST/$STAMP_NAME.tmp" "$DEST/$STAMP_NAME"
log "done: $DEST/bin/python has pyspark $PYSPARK_VERSION"
