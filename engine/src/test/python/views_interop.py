"""Saved views with Python deeplake 3.9.52, for the Java view interop tests (ViewsInteropTest).

Usage:
  python views_interop.py write DATASET_DIR OUT_JSON
      Creates a dataset (x int64 = i, t text "s<i>", 12 rows), commits, saves views the Python way
      (index list, slice, single index, filter, save_view(optimize=True), a virtual view
      optimized later with ViewEntry.optimize(), a view without id), then updates row 1 and
      commits again (so every view reads the first commit). Writes OUT_JSON: {"commit": first
      commit id, "views": {id: dump}}.
  python views_interop.py read DATASET_DIR OUT_JSON [SAVE_ID [OPTIMIZE_ID]]
      Loads every view listed by ds.get_views() and writes OUT_JSON {"views": {id: dump}}; with
      SAVE_ID, first saves ds[[0, 2]] as view SAVE_ID (message "from python") into the dataset;
      with OPTIMIZE_ID, first optimizes that (virtual) view with ViewEntry.optimize().

A dump is {"id", "message", "virtual", "commit_id", "length", "x": [...], "t": [...]} of the
loaded view, in view order.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402


def dump(ds, entry):
    v = ds.load_view(entry.id) if hasattr(entry, "id") else entry
    n = len(v)
    xs = [int(a) for a in np.asarray(v.x.numpy()).reshape(-1).tolist()]
    ts = v.t.data()["value"]
    if isinstance(ts, str):
        ts = [ts]
    return {
        "id": entry.id,
        "message": entry.message,
        "virtual": entry.virtual,
        "commit_id": entry.commit_id,
        "length": n,
        "x": xs,
        "t": list(ts),
    }


def write(path, out):
    ds = deeplake.empty(path, overwrite=True, verbose=False)
    ds.create_tensor("x", dtype="int64")
    ds.create_tensor("t", htype="text")
    ds.x.extend(np.arange(12, dtype="int64"))
    ds.t.extend(["s%d" % i for i in range(12)])
    first = ds.commit("data")
    ds[[5, 1, 3]].save_view(id="list", message="a list", verbose=False)
    ds[2:10:3].save_view(id="slice", verbose=False)
    ds[4].save_view(id="int", verbose=False)
    ds.filter(lambda s: int(s.x.numpy()[0]) % 4 == 0).save_view(id="filt", verbose=False)
    ds[[0, 11, 6]].save_view(id="opt", message="optimized", optimize=True, verbose=False)
    ds[7:9].save_view(id="later", verbose=False)
    ds.get_view("later").optimize(progressbar=False)
    ds[[9, 8]].save_view(verbose=False)
    # a fresh handle: after saving views this one does not record further updates as changes
    ds = deeplake.load(path, verbose=False)
    ds.x[1] = np.int64(-1)
    ds.t[1] = "changed"
    ds.commit("change row 1")
    res = {"commit": first, "views": {}}
    for e in ds.get_views():
        res["views"][e.id] = dump(ds, e)
    with open(out, "w") as f:
        json.dump(res, f, indent=1)


def read(path, out, save_id=None, optimize_id=None):
    ds = deeplake.load(path, verbose=False)
    if optimize_id:
        ds.get_view(optimize_id).optimize(progressbar=False)
    if save_id:
        ds[[0, 2]].save_view(id=save_id, message="from python", verbose=False)
    res = {"views": {}}
    for e in ds.get_views():
        res["views"][e.id] = dump(ds, e)
    with open(out, "w") as f:
        json.dump(res, f, indent=1)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "write":
        write(sys.argv[2], sys.argv[3])
    elif mode == "read":
        read(
            sys.argv[2],
            sys.argv[3],
            sys.argv[4] if len(sys.argv) > 4 else None,
            sys.argv[5] if len(sys.argv) > 5 else None,
        )
    else:
        raise SystemExit("unknown mode " + mode)
