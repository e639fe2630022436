#!/usr/bin/env python3
"""Write-lock interop probe for deeplake4j's lock tests (deeplake 3.9.52).

Usage:
    python lock_probe.py hold PATH STATE_JSON STOP_FILE [MAX_SECONDS]
        Opens PATH writable (deeplake.load(read_only=False), which writes dataset_lock.lock at the
        main HEAD), writes {"pid", "node", "head", "lock_key"} to STATE_JSON (atomically), then
        sleeps until STOP_FILE exists (or MAX_SECONDS, default 120, pass), and exits normally
        (deeplake releases the lock at exit).
    python lock_probe.py try PATH OUT_JSON
        Tries (a) deeplake.load(PATH, read_only=False) and (b) deeplake.load(PATH) (read_only
        None: deeplake's default) and writes what happened to OUT_JSON: for each, "error" (class
        name) and "message", or "read_only" (the flag of the opened dataset) and "warnings".
"""

import json
import os
import sys
import time
import uuid
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()


def _write_json(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    os.replace(tmp, path)


def hold(path, state, stop, max_seconds):
    ds = deeplake.load(path, read_only=False, verbose=False)
    head = ds.pending_commit_id
    key = "dataset_lock.lock" if head == "firstdbf9474d461a19e9333c2fd19b46115348f" else \
        "versions/%s/dataset_lock.lock" % head
    _write_json(state, {"pid": os.getpid(), "node": uuid.getnode(), "head": head,
                        "lock_key": key, "read_only": ds.read_only})
    deadline = time.time() + max_seconds
    while not os.path.exists(stop) and time.time() < deadline:
        time.sleep(0.05)
    ds._unlock()
    return 0


def attempt(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            ds = fn()
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__, "message": str(e)}
        out = {"read_only": ds.read_only, "warnings": [str(w.message) for w in caught]}
        try:
            ds._unlock()
        except Exception:  # noqa: BLE001
            pass
        return out


def try_open(path, out):
    doc = {
        "writable": attempt(lambda: deeplake.load(path, read_only=False, verbose=True)),
        "default": attempt(lambda: deeplake.load(path, verbose=True)),
        "node": uuid.getnode(),
        "pid": os.getpid(),
    }
    _write_json(out, doc)
    return 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "hold":
        return hold(argv[2], argv[3], argv[4], float(argv[5]) if len(argv) > 5 else 120.0)
    if len(argv) == 4 and argv[1] == "try":
        return try_open(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
