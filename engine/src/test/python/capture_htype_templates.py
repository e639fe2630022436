#!/usr/bin/env python3
"""Capture what deeplake 3.9.52 writes when it creates (and first appends to) tensors of every htype.

Usage:
    python capture_htype_templates.py OUT.json

The output documents facts of the real library for the Java writer; the committed copy lives at
engine/src/main/resources/org/deeplake4j/engine/format/htype-templates.json. Everything is read
back from disk (after ``ds.flush()``), so the JSON documents are exactly what Python wrote.

Top-level keys of OUT.json:
  * ``generator``, ``deeplake_version``, ``notes``: provenance and the normalisations applied.
  * ``cases``: one entry per tensor configuration, keyed by a case name. Each case holds
      - ``create_tensor``: the keyword arguments of the successful ``ds.create_tensor(name, ...)``
        call (tensor name ``t`` unless ``tensor_name`` says otherwise) and, when smaller argument
        sets were tried first and rejected by Python, ``create_attempts_rejected`` with the
        errors (this is how "minimal arguments" is shown);
      - ``created``: ``dataset_meta`` (dataset_meta.json, parsed) and, for every tensor key in
        dataset_meta ``tensors`` (the tensor and its hidden companions), ``tensor_meta``
        (tensor_meta.json parsed), ``tensor_info`` (tensor_info.json parsed, only when the file
        exists) and ``files`` (the tensor's own keys, relative to its folder). A companion tensor
        equal to the shared template (apart from its ``name``) is replaced by
        ``{"same_as_companion_template": "_<t>_id" | "_<t>_shape" | "_<t>_info"}``, see
        ``companion_templates``;
      - ``sample``: a description of the one typical sample appended (``ds[name].append(...)``);
      - ``after_append``: what that append changed (read back after ``ds.flush()``):
        ``tensor_meta_changes`` {key: {field: {"before": v, "after": v}}} (changed fields only;
        "<absent>" marks a key missing on one side, and ``tensor_meta_key_set_changed`` lists the
        tensors whose key set changed, e.g. ``vdb_indexes`` appears when a tensor created without
        htype becomes ``text``), ``files_added`` {key: [relative keys]},
        ``dataset_meta_changed`` (bool; ``dataset_meta_after`` when true), and
        ``tensor_info_after`` (full tensor_info.json where it changed or appeared);
        or ``append_error`` when deeplake could not append the sample (missing optional
        decoder packages such as PyAV, or Python refusing the sample).
  * ``companion_templates``: the tensor_meta / files of the hidden ``_<t>_id``, ``_<t>_shape``
    and ``_<t>_info`` tensors at creation (their ``name`` is the companion's key).
  * ``fresh_dataset``: the keys and bytes of a dataset at four stages: ``after_empty``
    (``deeplake.empty(path)``), ``after_create_tensor`` (``ds.create_tensor("x")``),
    ``after_append`` (``ds.x.append(np.array([1, 2, 3], dtype=np.int32))``), ``after_unlock``
    (``ds._unlock()``: the lock file is deleted). Each stage lists all ``keys`` and, for the keys that are new or
    changed since the previous stage, ``size`` and either ``text`` (JSON files, exact UTF-8
    text), ``hex`` (small binary files) or a ``note`` (random content). Chunk names are random:
    they are shown as ``<chunk>`` in keys, and the 8-byte ids as ``<id>`` in ``chunks_index`` hex.
"""

import gc
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

CHUNK_NAME = re.compile(r"(^|/)chunks/[0-9a-f]+$")


def _img(h=4, w=5, c=3, seed=0):
    rng = np.random.default_rng(seed)
    shape = (h, w) if c is None else (h, w, c)
    return rng.integers(0, 256, size=shape, dtype=np.uint8)


# --------------------------------------------------------------------------------------------
# cases: (name, [argument sets tried in order; the first accepted one is used], sample factory,
#         sample description)
# A sample factory gets the case's scratch folder (for files to link/read) and returns the value
# to append.
# --------------------------------------------------------------------------------------------

def _png_file(tmp):
    p = os.path.join(tmp, "img.png")
    if not os.path.exists(p):
        Image.fromarray(_img(6, 7, 3, seed=1)).save(p, format="PNG")
    return p


def _wav_file(tmp):
    p = os.path.join(tmp, "a.wav")
    with wave.open(p, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(np.arange(16, dtype=np.int16).tobytes())
    return p


def _arr(a, desc=None):
    return (lambda tmp: a), desc or "np.%s array of shape %s" % (np.asarray(a).dtype.name, list(np.asarray(a).shape))


def _const(v, desc):
    return (lambda tmp: v), desc


CASES = []


def case(name, arg_sets, sample):
    CASES.append((name, arg_sets, sample[0], sample[1]))


case("no_htype", [{}], _arr(np.array([1.5, 2.5], dtype=np.float32)))
case("no_htype_text_sample", [{}], _const("hello", "the str 'hello'"))
case("no_htype_dict_sample", [{}], _const({"a": 1}, "the dict {'a': 1}"))
case("no_htype_list_sample", [{}], _const(["a", "b"], "the list ['a', 'b'] (of str)"))
case("no_htype_dtype_int16", [{"dtype": "int16"}], _arr(np.array([1, 2, 3], dtype=np.int16)))
case("no_htype_dtype_inferred_int64_scalar", [{}], _const(7, "the python int 7"))
case("generic", [{"htype": "generic"}], _arr(np.array([[1, 2], [3, 4]], dtype=np.int32)))
case("generic_dtype_float64", [{"htype": "generic", "dtype": "float64"}],
     _arr(np.array([0.5, 1.5], dtype=np.float64)))
case("generic_dtype_int32_lz4", [{"htype": "generic", "dtype": "int32", "chunk_compression": "lz4"}],
     _arr(np.array([1, 2, 3], dtype=np.int32)))
case("image", [{"htype": "image"}, {"htype": "image", "sample_compression": "png"}],
     _arr(_img(), "np.uint8 array of shape [4, 5, 3] (png-compressed on append)"))
case("image_jpeg", [{"htype": "image", "sample_compression": "jpeg"}], _arr(_img()))
case("image_sample_compression_none", [{"htype": "image", "sample_compression": None}], _arr(_img()))
case("image_chunk_compression_png",
     [{"htype": "image", "sample_compression": None, "chunk_compression": "png"}], _arr(_img()))
case("image_chunk_compression_png_only", [{"htype": "image", "chunk_compression": "png"}], _arr(_img()))
case("image_dtype_uint16_png", [{"htype": "image", "dtype": "uint16", "sample_compression": "png"}],
     _arr(_img().astype(np.uint16)[:, :, 0:1] * 200, "np.uint16 array of shape [4, 5, 1]"))
case("image.rgb", [{"htype": "image.rgb"}, {"htype": "image.rgb", "sample_compression": "png"}],
     _arr(_img()))
case("image.gray", [{"htype": "image.gray"}, {"htype": "image.gray", "sample_compression": "png"}],
     _arr(_img(c=None), "np.uint8 array of shape [4, 5] (stored as [4, 5, 1])"))
case("class_label", [{"htype": "class_label"}], _const(np.uint32(1), "np.uint32(1)"))
case("class_label_names", [{"htype": "class_label", "class_names": ["a", "b"]}],
     _const("c", "the label string 'c' (not in class_names: appended to tensor_info class_names)"))
case("class_label_multi", [{"htype": "class_label", "class_names": ["a", "b", "c"]}],
     _arr(np.array([0, 2], dtype=np.uint32)))
case("bbox", [{"htype": "bbox"}], _arr(np.array([[1, 2, 3, 4]], dtype=np.float32)))
case("bbox_coords", [{"htype": "bbox", "coords": {"type": "pixel", "mode": "LTWH"}}],
     _arr(np.array([[1, 2, 3, 4]], dtype=np.float32)))
case("bbox.3d", [{"htype": "bbox.3d"}], _arr(np.arange(8, dtype=np.float32).reshape(1, 8)))
case("intrinsics", [{"htype": "intrinsics"}],
     _arr(np.array([[500, 0, 320], [0, 500, 240], [0, 0, 1]], dtype=np.float32)))
case("segment_mask", [{"htype": "segment_mask"}], _arr(np.arange(20, dtype=np.uint32).reshape(4, 5) % 3))
case("binary_mask", [{"htype": "binary_mask"}], _arr(np.arange(40).reshape(4, 5, 2) % 3 == 0))
case("instance_label", [{"htype": "instance_label"}], _arr(np.arange(20, dtype=np.uint32).reshape(4, 5) % 4))
case("keypoints_coco", [{"htype": "keypoints_coco"}], _arr(np.arange(9, dtype=np.int32).reshape(9, 1)))
case("keypoints_coco_info", [{"htype": "keypoints_coco", "keypoints": ["nose", "eye"],
                              "connections": [[0, 1]]}],
     _arr(np.arange(6, dtype=np.int32).reshape(6, 1)))
case("point", [{"htype": "point"}], _arr(np.array([[1, 2], [3, 4]], dtype=np.int32)))
case("polygon", [{"htype": "polygon"}],
     _const([np.array([[0, 0], [1, 0], [1, 1]], dtype=np.float32)],
            "one polygon: [np.float32 array of shape [3, 2]]"))
case("embedding", [{"htype": "embedding"}], _arr(np.linspace(0, 1, 8).astype(np.float32)))
case("text", [{"htype": "text"}], _const("hello", "the str 'hello'"))
case("json", [{"htype": "json"}], _const({"a": 1, "b": [1, 2]}, "the dict {'a': 1, 'b': [1, 2]}"))
case("list", [{"htype": "list"}], _const(["a", "b", 3], "the list ['a', 'b', 3]"))
case("tag", [{"htype": "tag"}], _const(["x", "y"], "the list ['x', 'y']"))
case("audio", [{"htype": "audio"}, {"htype": "audio", "sample_compression": "wav"}],
     ((lambda tmp: deeplake.read(_wav_file(tmp))), "deeplake.read() of a 16-frame mono 16-bit wav file"))
case("audio_sample_compression_none", [{"htype": "audio", "sample_compression": None}],
     _arr(np.linspace(-1, 1, 16).reshape(16, 1)))
case("video", [{"htype": "video"}, {"htype": "video", "sample_compression": "mp4"}],
     _arr(np.zeros((2, 4, 4, 3), dtype=np.uint8), "np.uint8 array of shape [2, 4, 4, 3]"))
case("video_sample_compression_none", [{"htype": "video", "sample_compression": None}],
     _arr(np.zeros((2, 4, 4, 3), dtype=np.uint8)))
case("dicom", [{"htype": "dicom"}], _arr(np.zeros((4, 4), dtype=np.uint16)))
case("nifti", [{"htype": "nifti"}, {"htype": "nifti", "sample_compression": "nii.gz"}],
     _arr(np.zeros((2, 3, 4), dtype=np.float32)))
case("point_cloud", [{"htype": "point_cloud"}, {"htype": "point_cloud", "sample_compression": "las"}],
     _arr(np.zeros((3, 3), dtype=np.float32)))
case("mesh", [{"htype": "mesh"}, {"htype": "mesh", "sample_compression": "ply"}],
     _arr(np.zeros((3, 3), dtype=np.float32)))
case("sequence[generic]", [{"htype": "sequence[generic]"}],
     _const([np.array([1, 2], dtype=np.int32), np.array([3, 4], dtype=np.int32)],
            "a sequence of 2 items, each np.int32 array of shape [2]"))
case("sequence[generic]_dtype", [{"htype": "sequence[generic]", "dtype": "int32"}],
     _const([np.array([1, 2], dtype=np.int32)], "a sequence of 1 item, np.int32 array of shape [2]"))
case("sequence[image]", [{"htype": "sequence[image]"}, {"htype": "sequence[image]", "sample_compression": "png"}],
     _const([_img(), _img(seed=2)], "a sequence of 2 items, each np.uint8 array of shape [4, 5, 3]"))
case("sequence[class_label]", [{"htype": "sequence[class_label]", "class_names": ["a", "b"]}],
     _const([np.uint32(0), np.uint32(1)], "a sequence of 2 items np.uint32(0), np.uint32(1)"))
case("sequence[text]", [{"htype": "sequence[text]"}], _const(["a", "bc"], "a sequence of 2 strs"))
case("link[image]", [{"htype": "link[image]"}, {"htype": "link[image]", "sample_compression": "png"}],
     ((lambda tmp: deeplake.link(_png_file(tmp))), "deeplake.link(<absolute path of a 6x7 RGB png file>)"))
case("link[image]_verify_false", [{"htype": "link[image]", "verify": False},
                                  {"htype": "link[image]", "sample_compression": "png", "verify": False}],
     ((lambda tmp: deeplake.link(_png_file(tmp))), "deeplake.link(<absolute path of a 6x7 RGB png file>)"))
case("sequence[link[image]]", [{"htype": "sequence[link[image]]"},
                               {"htype": "sequence[link[image]]", "sample_compression": "png"}],
     ((lambda tmp: [deeplake.link(_png_file(tmp))] * 2), "a sequence of 2 deeplake.link(<png file>)"))
case("hidden_tensor", [{"htype": "generic", "dtype": "uint8", "hidden": True}],
     _arr(np.array([1], dtype=np.uint8)))
case("no_companions", [{"htype": "image", "sample_compression": "png", "create_id_tensor": False,
                        "create_shape_tensor": False, "create_sample_info_tensor": False}], _arr(_img()))
case("group_member", [{"htype": "class_label", "__name": "grp/sub/t"}], _const(np.uint32(1), "np.uint32(1)"))


# --------------------------------------------------------------------------------------------
# helpers reading what is on disk
# --------------------------------------------------------------------------------------------

def _walk(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            full = os.path.join(dirpath, f)
            out[os.path.relpath(full, root).replace(os.sep, "/")] = full
    return out


def _load_json(path):
    with open(path, "rb") as f:
        return json.loads(f.read().decode("utf-8"))


def _norm_key(k):
    return CHUNK_NAME.sub(lambda m: m.group(1) + "chunks/<chunk>", k)


def _tensor_snapshot(root, key):
    folder = os.path.join(root, key)
    snap = {"tensor_meta": _load_json(os.path.join(folder, "tensor_meta.json"))}
    info = os.path.join(folder, "tensor_info.json")
    if os.path.exists(info):
        snap["tensor_info"] = _load_json(info)
    # only this tensor's own keys (a group's folder also holds its members' folders)
    files = []
    for rel in _walk(folder):
        parts = rel.split("/")
        if parts[0] in ("chunks", "chunks_index", "tiles_index", "sequence_index", "pad_index",
                        "creds_index") or len(parts) == 1:
            files.append(_norm_key(rel))
    snap["files"] = sorted(files)
    return snap


def _snapshot(root):
    dmeta = _load_json(os.path.join(root, "dataset_meta.json"))
    return {"dataset_meta": dmeta,
            "tensors": {k: _tensor_snapshot(root, k) for k in dmeta["tensors"]}}


def _changes(before, after):
    out = {}
    for k in sorted(set(before) | set(after)):
        b = before.get(k, "<absent>")
        a = after.get(k, "<absent>")
        if b != a:
            out[k] = {"before": b, "after": a}
    return out


def _json_safe(v):
    if isinstance(v, (list, tuple)):
        return [_json_safe(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_safe(x) for k, x in v.items()}
    return v


def _error(e):
    """The error and its causes, one line."""
    parts = []
    seen = set()
    while e is not None and id(e) not in seen and len(parts) < 4:
        seen.add(id(e))
        parts.append("%s: %s" % (type(e).__name__, " ".join(str(e).split())[:400]))
        e = e.__cause__ or e.__context__
    return " <- caused by ".join(parts)


def run_case(name, arg_sets, factory, desc, tmp):
    ds_dir = os.path.join(tmp, "ds")
    rec = {"sample": desc}
    ds = deeplake.empty(ds_dir, overwrite=True, verbose=False)
    rejected = []
    used = None
    tname = "t"
    for args in arg_sets:
        kwargs = dict(args)
        tname = kwargs.pop("__name", "t")
        try:
            ds.create_tensor(tname, **kwargs)
            used = args
            break
        except Exception as e:  # noqa: BLE001 - we record whatever deeplake says
            rejected.append({"args": _json_safe({k: v for k, v in args.items() if k != "__name"}),
                             "error": _error(e)})
    rec["create_tensor"] = _json_safe(None if used is None else {k: v for k, v in used.items() if k != "__name"})
    if tname != "t":
        rec["tensor_name"] = tname
    if rejected:
        rec["create_attempts_rejected"] = rejected
    if used is None:
        return rec
    ds.flush()
    created = _snapshot(ds_dir)
    rec["created"] = created
    try:
        value = factory(tmp)
        old = os.getcwd()
        os.chdir(tmp)
        try:
            ds[tname].append(value)
        finally:
            os.chdir(old)
        ds.flush()
    except Exception as e:  # noqa: BLE001
        rec["append_error"] = _error(e)
        return rec
    after = _snapshot(ds_dir)
    changes, info_after, added, keyset = {}, {}, {}, {}
    for key, snap in after["tensors"].items():
        b = created["tensors"].get(key)
        if b is None:
            changes[key] = {"<new tensor>": {"before": None, "after": snap["tensor_meta"]}}
            continue
        c = _changes(b["tensor_meta"], snap["tensor_meta"])
        if c:
            changes[key] = c
        if set(b["tensor_meta"]) != set(snap["tensor_meta"]):
            keyset[key] = True
        if b.get("tensor_info") != snap.get("tensor_info"):
            info_after[key] = snap.get("tensor_info")
        new_files = sorted(set(snap["files"]) - set(b["files"]))
        if new_files:
            added[key] = new_files
    rec["after_append"] = {
        "tensor_meta_changes": changes,
        "files_added": added,
        "dataset_meta_changed": after["dataset_meta"] != created["dataset_meta"],
    }
    if info_after:
        rec["after_append"]["tensor_info_after"] = info_after
    if keyset:
        rec["after_append"]["tensor_meta_key_set_changed"] = keyset
    if after["dataset_meta"] != created["dataset_meta"]:
        rec["after_append"]["dataset_meta_after"] = after["dataset_meta"]
    return rec


# --------------------------------------------------------------------------------------------
# fresh dataset: keys and bytes
# --------------------------------------------------------------------------------------------

def _chunks_index_hex(data):
    """hex of a chunk-id encoder with the 8-byte ids masked."""
    n = data[0]
    head = data[: 1 + n + 1]  # version length, version, width byte
    rows = data[len(head):]
    out = head.hex()
    width = data[1 + n]
    for i in range(0, len(rows), 2 * width):
        out += "<id>" + rows[i + width: i + 2 * width].hex()
    return out


def _files_state(root):
    out = {}
    for rel, full in sorted(_walk(root).items()):
        with open(full, "rb") as f:
            data = f.read()
        entry = {"size": len(data)}
        key = _norm_key(rel)
        if rel.endswith(".json"):
            entry["text"] = data.decode("utf-8")
        elif rel.endswith("chunks_index/unsharded"):
            entry["hex"] = _chunks_index_hex(data)
            entry["note"] = "ids masked as <id>"
        elif rel.endswith(".lock"):
            entry["note"] = "random node id + timestamp"
        elif "/chunks/" in rel and rel.split("/")[0].startswith("_") and rel.split("/")[0].endswith("_id"):
            entry["note"] = "random sample ids"
            entry["hex_header"] = data[: len(data) - 8].hex()
        elif len(data) <= 256:
            entry["hex"] = data.hex()
        out[key] = entry
    return out


def fresh_dataset(tmp):
    root = os.path.join(tmp, "fresh")
    stages = []
    ds = deeplake.empty(root, overwrite=True, verbose=False)
    stages.append(("after_empty", _files_state(root)))
    ds.create_tensor("x")
    ds.flush()
    stages.append(("after_create_tensor", _files_state(root)))
    ds.x.append(np.array([1, 2, 3], dtype=np.int32))
    ds.flush()
    stages.append(("after_append", _files_state(root)))
    ds._unlock()  # what Python does on checkout, commit and Dataset.__del__
    stages.append(("after_unlock", _files_state(root)))
    del ds
    gc.collect()
    out = {}
    prev = {}
    for name, state in stages:
        out[name] = {
            "keys": sorted(state),
            "new_or_changed": {k: v for k, v in state.items() if prev.get(k) != v},
            "removed": sorted(set(prev) - set(state)),
        }
        prev = state
    return {
        "calls": ["after_empty: ds = deeplake.empty(path, overwrite=True, verbose=False)",
                  "after_create_tensor: ds.create_tensor('x'); ds.flush()",
                  "after_append: ds.x.append(np.array([1, 2, 3], dtype=np.int32)); ds.flush()",
                  "after_unlock: ds._unlock() (releases the HEAD lock, as checkout/commit/__del__ do)"],
        "stages": out,
    }


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out_path = argv[0]
    doc = {
        "generator": "engine/src/test/python/capture_htype_templates.py",
        "deeplake_version": deeplake.__version__,
        "notes": [
            "Every tensor is created as ds.create_tensor('t', **create_tensor) in a fresh deeplake.empty() dataset "
            "(case group_member: name 'grp/sub/t').",
            "tensor_meta / tensor_info / dataset_meta are the parsed JSON files exactly as deeplake 3.9.52 wrote "
            "them (json.dumps(sort_keys=True, indent=4) on disk).",
            "Chunk file names are random: shown as chunks/<chunk>.",
            "append_error: deeplake could not append the sample in the harness venv (optional decoder "
            "packages are not installed); the 'created' state is still valid.",
        ],
        "cases": {},
    }
    failures = 0
    with contextlib_stdout_to_stderr():
        for name, arg_sets, factory, desc in CASES:
            tmp = tempfile.mkdtemp(prefix="dl4j-htype-")
            try:
                rec = run_case(name, arg_sets, factory, desc, tmp)
                doc["cases"][name] = json.loads(json.dumps(rec).replace(tmp, "<tmp>"))
                status = "append_error" if "append_error" in doc["cases"][name] else (
                    "ok" if "created" in doc["cases"][name] else "create failed")
            except Exception as e:  # noqa: BLE001
                failures += 1
                traceback.print_exc()
                doc["cases"][name] = {"capture_error": _error(e)}
                status = "capture error"
            finally:
                gc.collect()
                shutil.rmtree(tmp, ignore_errors=True)
            print("%-36s %s" % (name, status), file=sys.stderr)
        tmp = tempfile.mkdtemp(prefix="dl4j-fresh-")
        try:
            doc["fresh_dataset"] = fresh_dataset(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    _dedupe_companions(doc)
    text = to_text(doc)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s (%d bytes, %d cases)" % (out_path, len(text.encode("utf-8")), len(doc["cases"])),
          file=sys.stderr)
    return 1 if failures else 0


COMPANION_SUFFIXES = ("_id", "_shape", "_info")


def _companion_kind(tensor_key, main_key):
    """'_<t>_id' / '_<t>_shape' / '_<t>_info' when tensor_key is a companion of main_key."""
    head, _, base = main_key.rpartition("/")
    prefix = (head + "/" if head else "") + "_" + base
    for suffix in COMPANION_SUFFIXES:
        if tensor_key == prefix + suffix:
            return "_<t>" + suffix
    return None


def _dedupe_companions(doc):
    """Companion tensors are created identically for every htype (apart from their name): keep one
    copy in doc['companion_templates'] and a reference in each case (only when equal)."""
    templates = {}
    for rec in doc["cases"].values():
        created = rec.get("created")
        if not created:
            continue
        main_key = created["dataset_meta"]["tensor_names"][rec.get("tensor_name", "t")]
        for key, snap in created["tensors"].items():
            kind = _companion_kind(key, main_key)
            if kind is None:
                continue
            norm = json.loads(json.dumps(snap))
            norm["tensor_meta"]["name"] = "<companion key>"
            if kind not in templates:
                templates[kind] = norm
            if norm == templates[kind]:
                created["tensors"][key] = {"same_as_companion_template": kind}
    doc["companion_templates"] = templates


def _compact(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False, allow_nan=False)


def _pretty(out, v, indent):
    c = _compact(v)
    if len(c) + indent <= 130 or not isinstance(v, (dict, list)) or not v:
        out.append(c)
        return
    pad = " " * (indent + 1)
    if isinstance(v, dict):
        out.append("{\n")
        items = sorted(v.items())
        for n, (k, x) in enumerate(items):
            out.append(pad + json.dumps(k, ensure_ascii=False) + ": ")
            _pretty(out, x, indent + 1)
            out.append(",\n" if n < len(items) - 1 else "\n")
        out.append(" " * indent + "}")
    else:
        out.append("[\n")
        for n, x in enumerate(v):
            out.append(pad)
            _pretty(out, x, indent + 1)
            out.append(",\n" if n < len(v) - 1 else "\n")
        out.append(" " * indent + "]")


def to_text(doc):
    """Sorted keys, indent 1; containers whose one-line form fits in 130 columns stay on one line."""
    out = []
    _pretty(out, doc, 0)
    text = "".join(out) + "\n"
    assert json.loads(text) == json.loads(_compact(doc))
    return text


class contextlib_stdout_to_stderr:
    """deeplake prints notes on stdout; keep stdout clean."""

    def __enter__(self):
        self._old = sys.stdout
        sys.stdout = sys.stderr

    def __exit__(self, *exc):
        sys.stdout = self._old
        return False


if __name__ == "__main__":
    sys.exit(main())
