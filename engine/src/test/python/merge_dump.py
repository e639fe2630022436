"""Merges with Python deeplake 3.9.52 and dumps the result, for the Java merge tests.

Usage: python merge_dump.py DATASET_DIR OUT_DIR TARGET CONFLICT [--delete-removed]
Copies DATASET_DIR to OUT_DIR/dataset, opens it at main, runs
ds.merge(TARGET, conflict_resolution=CONFLICT or None), and writes OUT_DIR/expected.json
(expected_dump of the result, main head only) and OUT_DIR/result.json
({"ok": true} or {"ok": false, "error": "<exception class>: <message>"}).
"""

import json
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import expected_dump  # noqa: E402  (imports deeplake offline and quietly)

deeplake = expected_dump.deeplake


def main():
    src, out, target, conflict = sys.argv[1:5]
    delete_removed = "--delete-removed" in sys.argv
    dst = os.path.join(out, "dataset")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    shutil.copytree(src, dst)
    ds = deeplake.load(dst, verbose=False)
    ds.checkout("main")
    result = {"ok": True}
    try:
        ds.merge(
            target,
            conflict_resolution=None if conflict == "none" else conflict,
            delete_removed_tensors=delete_removed,
        )
    except Exception as e:  # reported to the Java test, which asserts on it
        result = {"ok": False, "error": type(e).__name__ + ": " + str(e)}
    ds.flush()
    del ds
    with open(os.path.join(out, "result.json"), "w") as f:
        json.dump(result, f)
    if result["ok"]:
        doc = expected_dump.dump(dst, versions=[("main", "main", "branch")])
        expected_dump.write_expected(doc, os.path.join(out, "expected.json"))


if __name__ == "__main__":
    main()
