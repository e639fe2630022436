#!/usr/bin/env python3
"""Reads every version of datasets with deeplake 3.9.52, for deeplake4j's crash-safety tests.

Usage:
    python read_versions.py OUT_JSON DATASET_DIR [DATASET_DIR ...]

For each dataset: ``deeplake.load(path, read_only=True)`` with deeplake's default integrity
check (datasets of at most 20 tensors), then at every branch HEAD and every commit: deeplake's
``integrity_check`` and every sample of every tensor (hidden ones included). OUT_JSON maps each
path to {"ok": true, "versions": {REF: {TENSOR: {"length": n, "digest": hex}}}} or {"ok": false,
"error": "..."}. The digest is sha256 over the concatenated sha256 of each sample's bytes: numeric
samples ``numpy().tobytes()`` (C order, little-endian), text/json/list samples their UTF-8 text.
Exit status 0 (the per-dataset results say what failed).
"""

import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
from deeplake.util.version_control import integrity_check  # noqa: E402

TEXT_LIKE = ("text", "json", "list", "tag")


def _sample_bytes(t, i):
    if (t.meta.htype or "generic") in TEXT_LIKE:
        v = t[i].data()["value"]
        return (v if isinstance(v, str) else json.dumps(v)).encode("utf-8")
    return t[i].numpy().tobytes()


def _digest(t):
    h = hashlib.sha256()
    n = len(t)
    for i in range(n):
        h.update(hashlib.sha256(_sample_bytes(t, i)).digest())
    return {"length": n, "digest": h.hexdigest()}


def read(path):
    ds = deeplake.load(path, read_only=True, verbose=False)
    refs = list(ds.branches)
    refs += [c for c in ds.version_state["commit_node_map"] if
             ds.version_state["commit_node_map"][c].commit_time is not None]
    out = {}
    for ref in refs:
        ds.checkout(ref)
        integrity_check(ds)
        tensors = ds._tensors(include_hidden=True)
        out[ref] = {name: _digest(t) for name, t in sorted(tensors.items())}
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    result = {}
    for path in argv[2:]:
        try:
            result[path] = {"ok": True, "versions": read(path)}
        except Exception as e:  # noqa: BLE001
            result[path] = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    with open(argv[1], "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
