#!/usr/bin/env python3
"""Dump what deeplake 3.9.52 reads from a Deep Lake 3.x dataset as an ``expected.json``.

The output has exactly the format of the reference fixtures' expected.json
(shared/fixtures/deeplake-v3/README.md), including its layout (indent 1, one sample record per
line), so a dump of a fixture dataset equals the shipped file apart from the generator-only keys
``case``, ``seed`` and ``description``.

Usage:
    python expected_dump.py DATASET_DIR OUT.json [--case NAME] [--description TEXT]
                            [--seed N] [--version LABEL=REF ...]

By default every branch head and every commit is checked (see ``default_versions``).
The dataset is opened read-only, but deeplake may still create files (e.g. a lock or cache) in
it, so dump a copy if the dataset must stay byte-identical.

Record formats beyond the fixtures' README (the Java comparator must reproduce these):
  * numeric samples of every dtype (bool, int8..64, uint8..64, float16/32/64), and the htypes
    generic, bbox, bbox.3d, intrinsics, segment_mask, binary_mask, instance_label,
    keypoints_coco, point, embedding: {"value": nested lists, "shape": [...]}. float16 and
    float32 values are the exact double value of the stored float (-0.0 stays -0.0), bools are
    true/false, uint64 are unsigned. Empty samples: "value" [] (or nested [] for a 0 in a later
    axis) and a 0 in "shape"; samples created by padding (assignment past the end) or by
    appending None read back with shape all zeros of the tensor's rank, e.g. [0, 0].
  * class_label (also inside sequences): "text" is present iff the tensor has non-empty
    class_names; it maps every label (flattened) to its name; an empty sample has "text": [].
    segment_mask never gets "text" even with class_names.
  * tag: {"value": [...]} like list.
  * json: {"value": any}. A numpy array inside a json sample (stored by deeplake as
    {"_hub_custom_type": "ndarray", "data": base64, "shape", "dtype": numpy str like "<f4"})
    becomes {"_hub_custom_type": "ndarray", "dtype": numpy name ("float32"), "shape": [...],
    "value": nested lists}; bytes inside a json sample (stored as {"_hub_custom_type": "bytes",
    "data": base64}) become exactly that: {"_hub_custom_type": "bytes", "data": base64}.
    A json sample appended as None, or created by padding, reads back as {}.
  * polygon: {"value": [polygon, ...], "shape": [n_polygons, max_points, dim]}, each polygon
    its list of points [[x, y], ...] with its own point count; "shape" is tensor[i].shape.
    No polygons: {"value": [], "shape": [0, 0, 0]}.
  * image htypes (image, image.rgb, image.gray): the README's image record. "sum" is an int,
    "mean" the float64 mean (sum / count), or null for an empty image (shape with a 0:
    sha256 of no bytes, first_values []). compressed_sha256 / compressed_size describe
    tensor[i].tobytes(), i.e. the bytes stored for the sample, and are present only when the
    tensor has a sample_compression (png, jpeg, ... and also lz4, where they describe the lz4
    frame of the raw pixels), the sample is not tiled, not a sequence item and not a link.
    An empty image sample in a png tensor has compressed_size 0 (and the sha256 of no bytes).
    Tensors with chunk_compression (e.g. 'png') or no compression carry only "value".
  * link[...]: the linked htype's record (decoded from the target, no compressed_*) plus
    "path". For sequence[link[...]] (deeplake reports htype "link[sequence[image]]") every
    item record carries its own "path"; the sequence record has none.
  * sequence[...]: {"value": [item records], "seq_len": n}; "length" of a sequence tensor is
    the number of sequences (= number of records); its hidden _shape / _info tensors are flat
    (one row per item), its _id tensor has one row per sequence.
"""

import argparse
import base64
import hashlib
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402

FORMAT = "deeplake-v3-expected/1"
WRITTEN_BY = "deeplake 3.9.52"
IMAGE_HTYPES = ("image", "image.rgb", "image.gray")


# --------------------------------------------------------------------------------------------
# JSON writer reproducing the fixtures' layout
# --------------------------------------------------------------------------------------------

def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _scalar(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _expanded(out, obj, indent, child):
    """An indented dict ({}) or list ([]) whose members are written by ``child(out, key, value, indent)``."""
    pad = " " * (indent + 1)
    is_dict = isinstance(obj, dict)
    if not obj:
        out.append("{}" if is_dict else "[]")
        return
    out.append("{\n" if is_dict else "[\n")
    items = list(obj.items()) if is_dict else [(None, v) for v in obj]
    for n, (k, v) in enumerate(items):
        out.append(pad)
        if is_dict:
            out.append(_scalar(k) + ": ")
        child(out, k, v, indent + 1)
        out.append(",\n" if n < len(items) - 1 else "\n")
    out.append(" " * indent + ("}" if is_dict else "]"))


def _w_compact(out, key, value, indent):
    out.append(_compact(value))


def _w_tensor_field(out, key, value, indent):
    if key == "samples":
        _expanded(out, value, indent, _w_compact)
    else:
        out.append(_compact(value))


def _w_tensor(out, key, value, indent):
    _expanded(out, value, indent, _w_tensor_field)


def _w_version_field(out, key, value, indent):
    if key in ("tensors", "hidden_tensors"):
        _expanded(out, value, indent, _w_tensor)
    else:
        out.append(_compact(value))


def _w_version(out, key, value, indent):
    _expanded(out, value, indent, _w_version_field)


def _w_node(out, key, value, indent):
    _expanded(out, value, indent, _w_compact)


def _w_top_field(out, key, value, indent):
    if key == "commit_graph":
        _expanded(out, value, indent, _w_node)
    elif key == "versions":
        _expanded(out, value, indent, _w_version)
    else:
        out.append(_compact(value))


def to_text(doc) -> str:
    out = []
    _expanded(out, doc, 0, _w_top_field)
    return "".join(out) + "\n"


def write_expected(doc, path) -> None:
    text = to_text(doc)
    json.loads(text)  # sanity
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# --------------------------------------------------------------------------------------------
# Sample records
# --------------------------------------------------------------------------------------------

def _plain(value):
    """numpy values / containers -> JSON-able python values (exact: float32 -> its double)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _json_value(value):
    """A json-htype sample value -> JSON; deeplake's custom types get an explicit form."""
    if isinstance(value, np.ndarray):
        return {
            "_hub_custom_type": "ndarray",
            "dtype": value.dtype.name,
            "shape": list(value.shape),
            "value": value.tolist(),
        }
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"_hub_custom_type": "bytes", "data": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("non-finite float in json sample")
    return value


def _image_value(arr: np.ndarray) -> dict:
    arr = np.ascontiguousarray(arr)
    flat = arr.reshape(-1)
    if flat.size:
        mean = float(arr.mean())
    else:
        mean = None
    return {
        "shape": list(arr.shape),
        "dtype": arr.dtype.name,
        "sha256": hashlib.sha256(arr.tobytes()).hexdigest(),
        "first_values": flat[:12].tolist(),
        "sum": int(flat.sum(dtype=np.int64)) if arr.dtype.kind in "biu" else float(flat.sum(dtype=np.float64)),
        "mean": mean,
    }


def _is_tiled(tensor, idx: int) -> bool:
    try:
        engine = tensor.chunk_engine
        return bool(engine._is_tiled_sample(idx))
    except Exception:
        return False


def _numeric_record(arr, shape=None) -> dict:
    arr = np.asarray(arr)
    return {"value": arr.tolist(), "shape": list(arr.shape) if shape is None else shape}


def _leaf_record(tensor, base_htype, view, idx, in_sequence=False, class_names=None, arr=None):
    """Record for one (non-sequence) item; ``view`` is tensor[idx] (or tensor[idx][j]).
    ``arr``: the item's array when already read (sequence items: deeplake's tensor[i][j].numpy()
    returns an empty item as shape (0, 0, 0), tensor[i].numpy(aslist=True)[j] keeps its stored
    shape, so the latter is used)."""
    meta = tensor.meta
    if base_htype == "text":
        return {"value": view.text()}
    if base_htype == "json":
        return {"value": _json_value(view.dict())}
    if base_htype in ("list", "tag"):
        return {"value": _plain(view.list())}
    if base_htype in IMAGE_HTYPES:
        if arr is None:
            arr = view.numpy()
        rec = {"value": _image_value(arr)}
        sc = meta.sample_compression
        if (
            sc is not None
            and not meta.is_link
            and not in_sequence
            and not _is_tiled(tensor, idx)
        ):
            raw = view.tobytes()
            rec["compressed_sha256"] = hashlib.sha256(raw).hexdigest()
            rec["compressed_size"] = len(raw)
        return rec
    if base_htype == "polygon":
        polys = view.numpy() if arr is None else arr
        value = [_plain(p) for p in polys]
        return {"value": value, "shape": [None if s is None else int(s) for s in view.shape]}
    if arr is None:
        arr = view.numpy()
    rec = _numeric_record(arr)
    if base_htype == "class_label" and class_names:
        rec["text"] = [class_names[int(v)] for v in np.asarray(arr).reshape(-1)]
    return rec


def sample_records(tensor):
    meta = tensor.meta
    base = meta.htype
    class_names = None
    if base == "class_label":
        class_names = list(tensor.info.class_names or [])
    n = len(tensor)
    records = []
    for i in range(n):
        view = tensor[i]
        if meta.is_sequence:
            start, end = tensor.chunk_engine.sequence_encoder[i]
            seq_len = int(end - start)
            arrays = [None] * seq_len
            if base not in ("text", "json", "list", "tag", "polygon"):
                arrays = view.numpy(aslist=True)
                if len(arrays) != seq_len:
                    raise AssertionError("sequence length mismatch in %s[%d]" % (tensor.key, i))
            items = [
                _leaf_record(tensor, base, view[j], i, in_sequence=True,
                             class_names=class_names, arr=arrays[j])
                for j in range(seq_len)
            ]
            rec = {"value": items, "seq_len": seq_len}
        else:
            rec = _leaf_record(tensor, base, view, i, class_names=class_names)
        if meta.is_link:
            paths = _link_paths(tensor, i)
            if meta.is_sequence:
                # sequence of links: every item record carries its own path
                if len(paths) != len(rec["value"]):
                    raise AssertionError("link paths / items mismatch in %s[%d]" % (tensor.key, i))
                for item, p in zip(rec["value"], paths):
                    item["path"] = p
            else:
                rec["path"] = paths[0]
        records.append(rec)
    return records


def _link_paths(tensor, i):
    """The link strings of sample i: [path] for a link sample, one per item for a sequence."""
    out = []

    def walk(p):
        if isinstance(p, (list, tuple)) or (isinstance(p, np.ndarray) and p.ndim > 0):
            for q in p:
                walk(q)
        else:
            out.append(str(p.item() if isinstance(p, np.generic) or isinstance(p, np.ndarray) else p))

    walk(tensor[i].path())
    return out


# --------------------------------------------------------------------------------------------
# Tensors, versions, dataset
# --------------------------------------------------------------------------------------------

def _info_dict(info) -> dict:
    return _plain(dict(info.items()))


def tensor_record(tensor) -> dict:
    meta = tensor.meta
    if meta.is_link:
        num_chunks = None
    else:
        num_chunks = int(tensor.chunk_engine.num_chunks)
    return {
        "htype": tensor.htype,
        "base_htype": tensor.base_htype,
        "dtype": meta.dtype,
        "length": len(tensor),
        "hidden": bool(meta.hidden),
        "is_sequence": bool(meta.is_sequence),
        "is_link": bool(meta.is_link),
        "sample_compression": meta.sample_compression,
        "chunk_compression": meta.chunk_compression,
        "max_chunk_size": meta.max_chunk_size,
        "tiling_threshold": meta.tiling_threshold,
        "min_shape": _plain(meta.min_shape),
        "max_shape": _plain(meta.max_shape),
        "info": _info_dict(tensor.info),
        "num_chunks": num_chunks,
        "samples": sample_records(tensor),
    }


def version_record(ds, label, ref, ref_type) -> dict:
    vs = ds.version_state
    node = vs["commit_node"]
    meta = ds.meta
    all_tensors = ds._tensors(include_hidden=True)
    hidden_keys = set(meta.hidden_tensors)
    names = vs["tensor_names"]
    visible = sorted(k for k in all_tensors if names[k] not in hidden_keys)
    hidden = sorted(k for k in all_tensors if names[k] in hidden_keys)
    return {
        "label": label,
        "ref": ref,
        "ref_type": ref_type,
        "branch": vs["branch"],
        "node_id": vs["commit_id"],
        "last_commit_id": ds.commit_id,
        "has_head_changes": bool(ds.has_head_changes),
        "length": ds.__len__(warn=False),
        "max_len": ds.max_len,
        "groups": list(meta.groups),
        "dataset_info": _info_dict(ds.info),
        "tensor_order": list(meta.tensors),
        "visible_tensors": visible,
        "tensors": {k: tensor_record(all_tensors[k]) for k in visible},
        "hidden_tensors": {k: tensor_record(all_tensors[k]) for k in hidden},
    }


def commit_graph(ds) -> dict:
    graph = {}
    for cid, node in ds.version_state["commit_node_map"].items():
        graph[cid] = {
            "branch": node.branch,
            "parent": node.parent.commit_id if node.parent is not None else None,
            "message": node.commit_message,
            "is_head_node": bool(node.is_head_node),
        }
    return graph


def default_versions(ds):
    """[(label, ref, ref_type)]: the head of the first branch, every commit (by commit time,
    numbered from 1, suffixed with the branch name when that is not the first branch), then the
    heads of the other branches (in deeplake's branch order). A dataset without any commit and with a
    single branch gets one version labelled with the branch name."""
    vs = ds.version_state
    branches = list(ds.branches)
    bmap = vs["branch_commit_map"]
    nodes = vs["commit_node_map"]
    # chronological (deeplake's own node order is a depth-first walk whose sibling order
    # depends on the random commit ids)
    order = {cid: n for n, cid in enumerate(nodes)}
    commits = sorted(
        (cid for cid, node in nodes.items() if not node.is_head_node),
        key=lambda cid: (nodes[cid].commit_time.timestamp() if nodes[cid].commit_time else float("inf"), order[cid]),
    )
    if not commits and len(branches) == 1:
        return [(branches[0], branches[0], "branch")]
    first = branches[0]

    def head_label(b):
        changes = _branch_has_head_changes(ds, b)
        return "%s HEAD (%s)" % (b, "uncommitted changes" if changes else "clean")

    out = [(head_label(first), first, "branch")]
    for n, cid in enumerate(commits, 1):
        b = nodes[cid].branch
        label = "commit %d" % n if b == first else "commit %d (%s)" % (n, b)
        out.append((label, cid, "commit"))
    for b in branches[1:]:
        out.append((head_label(b), b, "branch"))
    return out


def _branch_has_head_changes(ds, branch) -> bool:
    ds.checkout(branch)
    return bool(ds.has_head_changes)


def dump(dataset_dir, case=None, description=None, seed=None, versions=None) -> dict:
    """Reads the dataset with deeplake and returns the expected.json document.
    ``versions``: [(label, ref, ref_type or None)] to check instead of ``default_versions``."""
    dataset_dir = os.path.abspath(dataset_dir)
    old_cwd = os.getcwd()
    # link[...] tensors with relative paths are resolved against the dataset folder
    os.chdir(dataset_dir)
    try:
        ds = deeplake.load(dataset_dir, read_only=True, verbose=False, check_integrity=False)
        if versions is None:
            versions = default_versions(ds)
        doc = {"format": FORMAT, "written_by": WRITTEN_BY}
        if description is not None:
            doc["description"] = description
        doc["dataset_dir"] = "dataset"
        doc["branches"] = list(ds.branches)
        doc["commit_graph"] = commit_graph(ds)
        recs = []
        for label, ref, ref_type in versions:
            if ref_type is None:
                ref_type = "branch" if ref in ds.branches else "commit"
            ds.checkout(ref)
            recs.append(version_record(ds, label, ref, ref_type))
        doc["versions"] = recs
        if case is not None:
            doc["case"] = case
        if seed is not None:
            doc["seed"] = seed
        return doc
    finally:
        os.chdir(old_cwd)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset_dir")
    ap.add_argument("out_json")
    ap.add_argument("--case")
    ap.add_argument("--description")
    ap.add_argument("--seed", type=int)
    ap.add_argument(
        "--version",
        action="append",
        metavar="LABEL=REF",
        help="check this version (a branch name or commit id) under this label; repeatable. "
        "Default: every branch head and every commit.",
    )
    args = ap.parse_args(argv)
    versions = None
    if args.version:
        versions = []
        for spec in args.version:
            label, _, ref = spec.rpartition("=")
            if not label:
                ap.error("--version expects LABEL=REF")
            versions.append((label, ref, None))
    doc = dump(args.dataset_dir, args.case, args.description, args.seed, versions)
    write_expected(doc, args.out_json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
