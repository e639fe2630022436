"""Python deeplake 3.9.52's commit_diff files and ds.diff answers, for CommitDiffInteropTest.

Usage: python commit_diff_interop.py WORK_DIR OUT.json

For every scenario below, Python performs the scenario's operations on its own new dataset
WORK_DIR/py-NAME; WORK_DIR/java-NAME is the dataset the Java engine wrote with the same
operations (CommitDiffInteropTest mirrors SCENARIOS). For both datasets OUT.json holds:

  "commit_diffs": {NODE: {TENSOR_KEY: decoded commit_diff}} for every version node and every
                  tensor key (hidden ones too) that has a commit_diff there,
  "diffs":        {"A..B": ds.diff(A, B, as_dict=True)} for every ordered pair of refs and
                  {"HEAD@BRANCH": ds.diff(as_dict=True)} at every branch head,

where NODE, A and B are labels (the commit message, or HEAD@BRANCH for an uncommitted head),
commit ids inside the diffs are replaced by labels and dates are left out, so that the two
datasets compare as they are.
For the Java dataset "raw_diffs" also lists [A_ID, B_ID, ds.diff(A_ID, B_ID, as_dict=True)] with
real ids (A_ID null: ds.diff() at branch B_ID's head), for comparing with the engine's own diff.

Scenarios start from tensors x (int64) and t (text) with two rows committed as "base", then run
their step twice: round 0 is committed as "ops", round 1 stays uncommitted at the head. The first
change of each new version is the step's first operation.
"""

import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402
from deeplake.core.version_control.commit_diff import CommitDiff  # noqa: E402
from deeplake.util.keys import get_dataset_meta_key, get_tensor_commit_diff_key  # noqa: E402


def step_append(ds, r):
    ds.x.append(10 + r)
    ds.x.append(20 + r)


def step_row_append(ds, r):
    ds.append({"x": 10 + r, "t": "a%d" % r})
    ds.append({"x": 20 + r, "t": "b%d" % r})


def step_extend(ds, r):
    ds.x.extend(np.array([10 + r, 20 + r], dtype="int64"))


def step_update(ds, r):
    ds.x[0] = 100 + r
    ds.t[1] = "u%d" % r
    ds.x.append(30 + r)


def step_pop(ds, r):
    ds.pop(0)
    ds.x.append(40 + r)


def step_create_tensor(ds, r):
    ds.create_tensor("y%d" % r, dtype="int64")
    ds.x.append(50 + r)
    ds["y%d" % r].append(60 + r)


def step_branch(ds, r):
    ds.x.append(70 + r)
    ds.x.append(80 + r)


# name -> (step, branch to create before round 0 or None)
SCENARIOS = {
    "append": (step_append, None),
    "row_append": (step_row_append, None),
    "extend": (step_extend, None),
    "update": (step_update, None),
    "pop": (step_pop, None),
    "create_tensor": (step_create_tensor, None),
    "branch": (step_branch, "alt"),
}


def write_python(path, name):
    step, branch = SCENARIOS[name]
    ds = deeplake.empty(path, overwrite=True, verbose=False)
    ds.create_tensor("x", dtype="int64")
    ds.create_tensor("t", htype="text")
    ds.append({"x": 0, "t": "r0"})
    ds.append({"x": 1, "t": "r1"})
    ds.commit("base")
    if branch is not None:
        ds.checkout(branch, create=True)
    step(ds, 0)
    ds.commit("ops")
    step(ds, 1)
    ds.flush()


def decode(b):
    d = CommitDiff.frombuffer(b)
    return {
        "created": d.created,
        "info_updated": d.info_updated,
        "data_transformed": d.data_transformed,
        "data_added": list(d.data_added),
        "data_updated": sorted(d.data_updated),
        "cleared": d.cleared,
        "data_deleted": sorted(d.data_deleted),
        "deleted_ids": len(d.data_deleted_ids),
    }


def labels(info):
    out = {}
    for cid, n in info["commits"].items():
        out[cid] = n["commit_message"] if n["commit_time"] is not None else "HEAD@" + n["branch"]
    return out


def relabel(o, lab):
    if isinstance(o, dict):
        return {k: relabel(v, lab) for k, v in o.items() if k != "date"}
    if isinstance(o, (list, tuple)):
        return [relabel(v, lab) for v in o]
    if isinstance(o, set):
        return sorted(relabel(v, lab) for v in o)
    if isinstance(o, str) and o in lab:
        return lab[o]
    return o


def plain(o):
    if isinstance(o, dict):
        return {k: plain(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [plain(v) for v in o]
    if isinstance(o, set):
        return sorted(plain(v) for v in o)
    return o


def dump(src, raw):
    tmp = tempfile.mkdtemp(prefix="dl4j-cdiff-")
    try:
        path = os.path.join(tmp, "ds")
        shutil.copytree(src, path)
        info = json.load(open(os.path.join(path, "version_control_info.json")))
        lab = labels(info)
        commit_diffs = {}
        for cid in info["commits"]:
            meta = json.load(open(os.path.join(path, get_dataset_meta_key(cid))))
            node = {}
            for key in meta["tensors"]:
                f = os.path.join(path, get_tensor_commit_diff_key(key, cid))
                if os.path.exists(f):
                    node[key] = decode(open(f, "rb").read())
            commit_diffs[lab[cid]] = node
        branches = list(info["branches"].keys())
        committed = [c for c, n in info["commits"].items() if n["commit_time"] is not None]
        refs = branches + committed
        ds = deeplake.load(path, read_only=True, verbose=False)
        diffs = {}
        raw_diffs = []
        for a in refs:
            for b in refs:
                if a != b:
                    d = ds.diff(a, b, as_dict=True)
                    diffs[lab.get(a, a) + ".." + lab.get(b, b)] = relabel(d, lab)
                    raw_diffs.append([a, b, plain(d)])
        for br in branches:
            ds.checkout(br)
            d = ds.diff(as_dict=True)
            diffs["HEAD@" + br] = relabel(d, lab)
            raw_diffs.append([None, br, plain(d)])
        out = {"commit_diffs": commit_diffs, "diffs": diffs}
        if raw:
            out["raw_diffs"] = raw_diffs
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    work, out = sys.argv[1], sys.argv[2]
    result = {}
    for name in SCENARIOS:
        py = os.path.join(work, "py-" + name)
        write_python(py, name)
        entry = {"py": dump(py, False)}
        java = os.path.join(work, "java-" + name)
        if os.path.isdir(java):
            entry["java"] = dump(java, True)
        result[name] = entry
    with open(out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
