"""Python deeplake 3.9.52's HNSW vector indexes around writes of the Java engine, for
VdbIndexInteropTest.

Usage:
  python vdb_index_interop.py build WORK_DIR          # the datasets, before the Java side writes
  python vdb_index_interop.py check WORK_DIR OUT.json  # what Python sees afterwards

The indexes are real: deeplake's create_vdb_index runs the bundled indra library (libdeeplake),
which builds and searches HNSW indexes offline once the dataset has an org_id (without one,
deeplake asks for a token; ds.query's vector search needs the Activeloop backend, so searches go
through the index object: ds.t.load_vdb_index(id).search_knn(vector, k)).

Every dataset has embedding tensors "embedding" and "emb2" (2000 float32 vectors of 16
dimensions each, seeded, an HNSW index "hnsw_1" each, cosine distance) and an int64 "label".
The Java side writes new vectors made by java_vector(i) (VdbIndexInteropTest.javaVector).

Scenarios (build: Python's part; the Java side then writes, see VdbIndexInteropTest):
  root_append     indexes at the root (no commit); Java appends 10 rows (java_vector(i) to both
                  embedding tensors, i to "label")
  root_update     as root_append; Java updates row 5 of "embedding"
  root_pop        as root_append; Java pops row 3 (Python refuses that pop while an index exists)
  head_append     commit "base", then the indexes at the HEAD; Java extends "embedding" only and
                  flushes (its private node replaces the HEAD)
  python_commit   indexes at the root, then commit "base": Python's new HEAD lists indexes whose
                  files it does not have; Java appends to "label" at that HEAD
  java_commit     indexes at the root (no commit); Java appends to "label" and commits
  vacuum          indexes at the root, commit "base", an index "hnsw_h" on "embedding" at the
                  HEAD; Java plants unlisted index files and vacuums

Python's own index maintenance runs over every embedding tensor of the dataset with the row ids
of the tensor written (index_operation_dataset), so a Python write to one tensor of a dataset
whose indexed tensors differ in length touches rows another tensor does not have: the Python
writes below keep the indexed tensors' rows aligned.

check writes {scenario: {...}} with, at the scenario's HEAD (and at commit "base" where there is
one): the indexes each tensor lists, the index files in each node folder, searches through every
listed index, the rows Java wrote as read back, then a Python append (and, where the scenario
allows, a commit) with its outcome, and a search of a rebuilt index for Java's vectors.
"""

import json
import os
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402

ORG = "deeplake4j-interop"
N = 2000
D = 16
SCENARIOS = [
    "root_append",
    "root_update",
    "root_pop",
    "head_append",
    "python_commit",
    "java_commit",
    "vacuum",
]


def seeded(seed):
    return np.random.default_rng(seed).random((N, D), dtype=np.float32)


EMB = seeded(1)
EMB2 = seeded(2)


def java_vector(i):
    """Vector i the Java side writes (VdbIndexInteropTest.javaVector): among the seeded ones
    (an isolated cluster would be missed by the approximate search), distinct for i < 16."""
    return np.array([0.05 + 0.06 * ((i * 7 + j * 5) % 16) for j in range(D)], dtype=np.float32)


def load(path, read_only=False):
    return deeplake.load(path, org_id=ORG, verbose=False, read_only=read_only)


def index_all(ds):
    ds.embedding.create_vdb_index("hnsw_1")
    ds.emb2.create_vdb_index("hnsw_1")


def build_one(path, name):
    ds = deeplake.empty(path, org_id=ORG, verbose=False, overwrite=True)
    with ds:
        ds.create_tensor("embedding", htype="embedding", dtype="float32")
        ds.create_tensor("emb2", htype="embedding", dtype="float32")
        ds.create_tensor("label", dtype="int64")
        ds.embedding.extend(EMB)
        ds.emb2.extend(EMB2)
        ds.label.extend(np.arange(N, dtype=np.int64))
    if name in ("root_append", "root_update", "root_pop", "java_commit"):
        index_all(ds)
    elif name == "head_append":
        ds.commit("base")
        index_all(ds)
    elif name == "python_commit":
        index_all(ds)
        ds.commit("base")
    elif name == "vacuum":
        index_all(ds)
        ds.commit("base")
        # The HEAD lists hnsw_1 (Python's copy_metas), whose file only commit "base" has.
        ds.embedding.create_vdb_index("hnsw_h")
    else:
        raise ValueError(name)
    ds.flush()


def index_files(root):
    """{node folder ("" for the root): sorted index file keys}, for every vdb_indexes file."""
    out = {}
    for dirpath, _, files in os.walk(root):
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        parts = rel.split("/")
        if "vdb_indexes" not in parts:
            continue
        node = parts[1] if parts[0] == "versions" else ""
        for f in files:
            out.setdefault(node, []).append(rel + "/" + f)
    return {k: sorted(v) for k, v in out.items()}


def search(ds, tensor, vector, k=3):
    """Searches through every index the tensor lists: {id: top-k rows} or {id: error}."""
    out = {}
    for entry in ds[tensor].get_vdb_indexes():
        try:
            r = ds[tensor].load_vdb_index(entry["id"]).search_knn(vector, k)
            out[entry["id"]] = [int(i) for i in r.indices]
        except Exception as e:  # noqa: BLE001 - reported to the Java side
            out[entry["id"]] = "error: %s" % e
    return out


def state(ds):
    return {
        "indexes": {t: [e["id"] for e in ds[t].get_vdb_indexes()] for t in ("embedding", "emb2")},
        "lengths": {t: len(ds[t]) for t in ("embedding", "emb2", "label")},
        "search_emb2_row7": search(ds, "emb2", EMB2[7]),
        "search_embedding_row11": search(ds, "embedding", EMB[11]),
    }


def attempt(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - reported to the Java side
        return "error: %s" % "".join(traceback.format_exception_only(type(e), e)).strip()


def rebuilt_search(ds, tensor, vector):
    """Deletes the tensor's indexes, builds hnsw_1 anew and searches for vector."""
    for entry in list(ds[tensor].get_vdb_indexes()):
        ds[tensor].delete_vdb_index(entry["id"])
    ds[tensor].create_vdb_index("hnsw_1")
    return search(ds, tensor, vector)["hnsw_1"]


def check_one(path, name):
    res = {"files": index_files(path)}
    ds = load(path)
    res["head"] = state(ds)
    if name == "root_append":
        res["java_rows"] = [ds.embedding[N + i].numpy().tolist() for i in range(10)]
        res["rebuilt_search_java_row3"] = attempt(
            lambda: rebuilt_search(ds, "embedding", java_vector(3))
        )
        res["python_append"] = attempt(
            lambda: ds.append({"embedding": java_vector(12), "emb2": java_vector(13), "label": 5})
            or "ok"
        )
        res["after_append"] = state(ds)
        res["search_python_row"] = search(ds, "embedding", java_vector(12))
        res["python_commit"] = attempt(lambda: ds.commit("after java") and "ok")
    elif name == "root_update":
        res["java_row5"] = ds.embedding[5].numpy().tolist()
        res["rebuilt_search_java_row"] = attempt(
            lambda: rebuilt_search(ds, "embedding", java_vector(0))
        )
        res["python_update"] = attempt(lambda: ds.embedding.__setitem__(6, java_vector(1)) or "ok")
        res["search_python_row"] = search(ds, "embedding", java_vector(1))
    elif name == "root_pop":
        res["row3_equals_old_row4"] = bool(
            np.array_equal(ds.embedding[3].numpy(), EMB[4])
            and np.array_equal(ds.emb2[3].numpy(), EMB2[4])
        )
        res["python_pop"] = attempt(lambda: ds.pop(0) or "ok")
        res["after_pop"] = state(ds)
    elif name == "head_append":
        res["java_rows"] = [ds.embedding[N + i].numpy().tolist() for i in range(10)]
        res["python_append_emb2"] = attempt(lambda: ds.emb2.append(EMB2[0]) or "ok")
        res["python_append"] = attempt(lambda: ds.embedding.append(java_vector(12)) or "ok")
        res["python_commit"] = attempt(lambda: ds.commit("after java") and "ok")
        res["rebuilt_search_java_row3"] = attempt(
            lambda: rebuilt_search(ds, "embedding", java_vector(3))
        )
    elif name == "python_commit":
        res["python_append"] = attempt(lambda: ds.embedding.append(java_vector(12)) or "ok")
        res["python_commit"] = attempt(lambda: ds.commit("after java") and "ok")
        base = load(path, read_only=True)
        base.checkout(commit_of(base, "base"))
        res["base"] = state(base)
    elif name == "java_commit":
        res["python_append"] = attempt(lambda: ds.embedding.append(java_vector(12)) or "ok")
        res["python_commit"] = attempt(lambda: ds.commit("after java") and "ok")
        base = load(path, read_only=True)
        base.checkout(commit_of(base, "java"))
        res["base"] = state(base)
    elif name == "vacuum":
        base = load(path, read_only=True)
        base.checkout(commit_of(base, "base"))
        res["base"] = state(base)
    return res


def commit_of(ds, message):
    for c in ds.commits:
        if c["message"] == message:
            return c["commit"]
    raise KeyError("no commit %r in %s" % (message, ds.commits))


def main():
    mode, work = sys.argv[1], sys.argv[2]
    if mode == "build":
        for name in SCENARIOS:
            build_one(os.path.join(work, name), name)
        return
    out = {}
    for name in SCENARIOS:
        try:
            out[name] = check_one(os.path.join(work, name), name)
        except Exception:  # noqa: BLE001 - one scenario's failure must not hide the others
            out[name] = {"error": traceback.format_exc()}
    with open(sys.argv[3], "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
