#!/usr/bin/env python3
"""Python deeplake 3.9.52 steps for deeplake4j's write-transaction tests.

Usage:
    python txn_python_steps.py commit DATASET_DIR MESSAGE      # load writable, commit (allow_empty)
    python txn_python_steps.py append DATASET_DIR TENSOR INT   # append one int to TENSOR, flush
    python txn_python_steps.py row_commit DATASET_DIR INT      # append a row (id, label, emb, text), commit
    python txn_python_steps.py uncommitted DATASET_DIR         # new dataset: id int64, text; 1 row
    python txn_python_steps.py ids DATASET_DIR                 # prints len and the ids, as JSON
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()


def main(argv):
    op, path = argv[1], argv[2]
    if op == "uncommitted":
        ds = deeplake.empty(path, overwrite=True, verbose=False)
        ds.create_tensor("id", dtype="int64")
        ds.create_tensor("text", htype="text")
        ds.append({"id": -1, "text": "python"})
        ds.flush()
        return 0
    if op == "ids":
        import json
        ds = deeplake.load(path, read_only=True, verbose=False)
        from deeplake.util.version_control import integrity_check
        integrity_check(ds)
        print(json.dumps({"len": len(ds), "ids": [int(x) for x in ds.id.numpy().reshape(-1)]}))
        return 0
    ds = deeplake.load(path, verbose=False)
    if op == "commit":
        print(ds.commit(argv[3], allow_empty=True))
    elif op == "row_commit":
        import numpy as np
        i = int(argv[3])
        ds.append({"id": np.int64(i), "label": i % 2,
                   "emb": np.array([i * 0.5 + d for d in range(8)], dtype="float32"),
                   "text": "row %d" % i})
        print(ds.commit("python row %d" % i))
    elif op == "append":
        ds[argv[3]].append(int(argv[4]))
        ds.flush()
    else:
        raise SystemExit("unknown op " + op)
    ds.close() if hasattr(ds, "close") else None
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
