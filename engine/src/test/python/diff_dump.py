"""Dumps Python deeplake 3.9.52's ds.diff answers for a dataset, for the Java diff tests.

Usage: python diff_dump.py DATASET_DIR OUT.json

OUT.json: {"pairs": [{"a": REF, "b": REF, "diff": ds.diff(a, b, as_dict=True)}, ...],
           "heads": {BRANCH: ds.diff(as_dict=True) at that branch's head}}
over every ordered pair of versions (branch names and commit ids). Sets become sorted lists.
The dataset is copied to a temporary folder first (deeplake may write files when it loads).
"""

import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402,F401

import deeplake  # noqa: E402


def _plain(o):
    if isinstance(o, dict):
        return {k: _plain(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_plain(v) for v in o]
    if isinstance(o, set):
        return sorted(_plain(v) for v in o)
    return o


def main():
    src, out = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="dl4j-diff-")
    try:
        path = os.path.join(tmp, "ds")
        shutil.copytree(src, path)
        info = json.load(open(os.path.join(path, "version_control_info.json")))
        branches = list(info["branches"].keys())
        commits = [c for c, n in info["commits"].items() if n["commit_time"] is not None]
        refs = branches + commits
        ds = deeplake.load(path, read_only=True, verbose=False)
        pairs = []
        for a in refs:
            for b in refs:
                if a != b:
                    pairs.append({"a": a, "b": b, "diff": _plain(ds.diff(a, b, as_dict=True))})
        heads = {}
        for br in branches:
            ds.checkout(br)
            heads[br] = _plain(ds.diff(as_dict=True))
        with open(out, "w") as f:
            json.dump({"pairs": pairs, "heads": heads}, f)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
