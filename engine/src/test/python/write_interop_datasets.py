#!/usr/bin/env python3
"""Write Deep Lake 3.x interop datasets with deeplake 3.9.52, each with its expected.json.

Usage:
    python write_interop_datasets.py OUTDIR [--case NAME ...] [--list] [--no-dump]

For every case it writes OUTDIR/<case>/dataset (the dataset), OUTDIR/<case>/files (link targets
and image files read with deeplake.read, where the case uses them) and OUTDIR/<case>/expected.json
(written by expected_dump.py, in the fixtures' format). An existing OUTDIR/<case> is replaced.

Sample values come from a seeded numpy RNG, so they are the same on every run. What deeplake
itself randomises is not: the hidden ``_<name>_id`` sample ids (uuid4), commit ids (time-based)
and chunk names differ from run to run; expected.json always matches the dataset next to it.

Covered beyond shared/fixtures/deeplake-v3: every numpy dtype deeplake 3.x stores (bool, int8..64,
uint8..64, float16/32/64; fixed, dynamic, scalar, empty, extreme values, -0.0), every htype that
needs no extra package (generic, image with png/jpeg sample compression and png chunk compression
(canvas), image.rgb, image.gray, class_label single/multi-label, bbox, bbox.3d, intrinsics,
segment_mask, binary_mask, instance_label, keypoints_coco, point, polygon, embedding, text, json
(incl. numpy arrays and bytes inside json), list, tag), lz4 chunk and sample compression, tiled
samples, sequence[...] tensors, link[image] with relative and absolute local paths, empty samples,
padding by assignment past the end, nested groups, renamed / deleted tensors and groups, and
version history (commits, branches, updates, pops, deletes, uncommitted HEAD changes).

Skipped htypes (they need packages deeplake does not install, so the venv stays deeplake-only):
  * audio, video: decoding (even of synthetic WAV/MP4 bytes) goes through PyAV, which bundles
    FFmpeg's native libraries; deeplake.read() of such files fails without it.
  * dicom (pydicom), nifti (nibabel), point_cloud (laspy), mesh (plyfile / numpy-stl / trimesh):
    each needs a third-party reader to parse the samples at write and read time. They are pure
    Python (apart from numpy) and could be added to requirements.txt later, but the Java side
    would then need a DICOM / NIfTI / LAS / PLY decoder to compare anything but stored bytes.
"""

import argparse
import contextlib
import io
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

import expected_dump  # noqa: E402

SEED = 20240611


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------

def _empty(path):
    return deeplake.empty(path, overwrite=True, verbose=False)


def _rgb(rng, h, w, c=3):
    """A smooth-ish image (compresses a little with png/jpeg) with some noise."""
    yy, xx = np.mgrid[0:h, 0:w]
    base = np.stack([(xx * 255 // max(w - 1, 1)), (yy * 255 // max(h - 1, 1)), ((xx + yy) * 7) % 256][:c] +
                    [np.full((h, w), 200)] * max(0, c - 3), axis=-1)
    noise = rng.integers(0, 32, size=(h, w, c))
    return ((base + noise) % 256).astype(np.uint8)


def _write_image_file(path, arr, fmt, **kw):
    img = Image.fromarray(arr if arr.ndim == 3 and arr.shape[2] != 1 else arr.reshape(arr.shape[:2]))
    img.save(path, format=fmt, **kw)


# ------------------------------------------------------------------------------------------
# cases: each writes into ds_dir (files_dir is free for link targets) and returns a description
# ------------------------------------------------------------------------------------------

def case_all_dtypes(ds_dir, files_dir, rng):
    N_FIXED = 300
    ds = _empty(ds_dir)
    dtypes = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float16", "float32", "float64"]
    with ds:
        for name in dtypes:
            dt = np.dtype(name)
            # fixed 2x3 samples, the first ones holding the extremes of the dtype
            fixed = ds.create_tensor("fixed_" + name, dtype=name,
                                     max_chunk_size=4096 if dt.itemsize > 1 else 1024)
            samples = []
            if dt.kind == "b":
                samples.append(np.array([[True, False, True], [False, False, True]]))
                for _ in range(N_FIXED - 1):
                    samples.append(rng.integers(0, 2, size=(2, 3)).astype(bool))
            elif dt.kind in "iu":
                info = np.iinfo(dt)
                samples.append(np.array([[info.min, info.max, 0], [1, info.max - 1, info.min + 1]], dtype=dt))
                for _ in range(N_FIXED - 1):
                    samples.append(rng.integers(info.min, info.max, size=(2, 3), dtype=dt, endpoint=True))
            else:
                info = np.finfo(dt)
                samples.append(np.array([[info.min, info.max, -0.0],
                                         [info.tiny, info.eps, info.smallest_subnormal]], dtype=dt))
                samples.append(np.array([[0.1, -0.1, 1 / 3], [2.5, -1e-3, 123.456]], dtype=dt))
                for _ in range(N_FIXED - 2):
                    samples.append((rng.standard_normal(size=(2, 3)) * 100).astype(dt))
            fixed.extend(np.stack(samples))
            # dynamic shapes, appended one by one, with empty samples
            dyn = ds.create_tensor("dyn_" + name, dtype=name)
            for i in range(9):
                shape = (int(rng.integers(0, 4)), int(rng.integers(1, 5))) if i != 4 else (0, 3)
                if i == 7:
                    shape = (3, 0)
                if dt.kind == "b":
                    a = rng.integers(0, 2, size=shape).astype(bool)
                elif dt.kind in "iu":
                    info = np.iinfo(dt)
                    a = rng.integers(info.min, info.max, size=shape, dtype=dt, endpoint=True)
                else:
                    a = (rng.standard_normal(size=shape) * 10).astype(dt)
                dyn.append(a)
            # scalars (stored with shape [1]) appended as numpy scalars
            sc = ds.create_tensor("scalar_" + name, dtype=name)
            for i in range(6):
                if dt.kind == "b":
                    sc.append(np.bool_(i % 3 == 0))
                elif dt.kind in "iu":
                    info = np.iinfo(dt)
                    sc.append(dt.type([info.min, info.max, 0, 1, info.max // 3, info.min // 5][i]))
                else:
                    sc.append(dt.type([0.5, -2.25, 1e-4, 3.14159, -0.0, 65504.0][i]))
        # a 3-D fixed tensor and a 4-D one (C order must be preserved)
        t = ds.create_tensor("cube_u16", dtype="uint16")
        t.extend(rng.integers(0, 65535, size=(5, 2, 3, 4), dtype=np.uint16, endpoint=True))
        t = ds.create_tensor("hyper_f32", dtype="float32")
        t.extend(rng.standard_normal(size=(3, 2, 1, 3, 2)).astype(np.float32))
    return ("Generic tensors of every numpy dtype deeplake 3.x stores (bool, int8/16/32/64, "
            "uint8/16/32/64, float16/32/64): fixed 2x3 samples with the dtype's extremes in sample 0 "
            "(min/max, and for floats -0.0, tiny, eps and the smallest subnormal), 300 samples written "
            "with one extend() (max_chunk_size 4096, 1024 for 1-byte dtypes, so all but int16/uint16/float16 span several chunks); "
            "dynamic 2-D samples appended one by one, samples 4 and 7 empty (0x3, 3x0); scalar "
            "tensors; a 3-D uint16 and a 4-D float32 tensor.")


def case_htypes_misc(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    names = ["person", "car", "tree", "sky"]
    n = 12
    with ds:
        lab = ds.create_tensor("label", htype="class_label", class_names=names)
        multi = ds.create_tensor("multi_label", htype="class_label", class_names=names,
                                 chunk_compression="lz4")
        raw_lab = ds.create_tensor("label_no_names", htype="class_label")
        str_lab = ds.create_tensor("label_from_text", htype="class_label", class_names=["zero"])
        bbox = ds.create_tensor("bbox", htype="bbox", coords={"type": "fractional", "mode": "CCWH"})
        bbox3d = ds.create_tensor("bbox3d", htype="bbox.3d", coords={"mode": "center"})
        intr = ds.create_tensor("intrinsics", htype="intrinsics")
        seg = ds.create_tensor("seg", htype="segment_mask", class_names=["bg", "fg", "edge"],
                               sample_compression="lz4")
        bmask = ds.create_tensor("bmask", htype="binary_mask", sample_compression="lz4")
        bmask_raw = ds.create_tensor("bmask_raw", htype="binary_mask")
        inst = ds.create_tensor("inst", htype="instance_label")
        kp = ds.create_tensor("keypoints", htype="keypoints_coco",
                              keypoints=["nose", "left_eye", "right_eye"],
                              connections=[[0, 1], [0, 2]])
        pt = ds.create_tensor("points", htype="point")
        poly = ds.create_tensor("polygon", htype="polygon")
        emb = ds.create_tensor("emb", htype="embedding", max_chunk_size=4096)
        tag = ds.create_tensor("tags", htype="tag")
        for i in range(n):
            lab.append(np.uint32(rng.integers(0, len(names))))
            k = int(rng.integers(0, 4))
            multi.append(rng.choice(len(names), size=k, replace=False).astype(np.uint32))
            raw_lab.append(np.uint32(i * 7 % 11))
            # text labels: deeplake maps them to indices, appending unseen names to class_names
            str_lab.append(["zero", "one", "two"][i % 3] if i % 4 else ["two", "zero"])
            nb = int(rng.integers(0, 4))
            bbox.append(rng.random(size=(nb, 4)).astype(np.float32))
            bbox3d.append((rng.standard_normal(size=(int(rng.integers(0, 3)), 8)) * 5).astype(np.float32))
            intr.append(np.array([[500 + i, 0, 320], [0, 510 + i, 240], [0, 0, 1]], dtype=np.float32))
            h, w = int(rng.integers(3, 9)), int(rng.integers(3, 9))
            seg.append(rng.integers(0, 3, size=(h, w)).astype(np.uint32))
            bmask.append(rng.integers(0, 2, size=(h, w, 2)).astype(bool))
            bmask_raw.append(rng.integers(0, 2, size=(4, 5, int(rng.integers(0, 3)))).astype(bool))
            inst.append(rng.integers(0, 5, size=(h, w)).astype(np.uint32))
            npers = int(rng.integers(0, 3))
            kp.append(rng.integers(0, 100, size=(9, npers)).astype(np.int32))
            pt.append(rng.integers(-50, 50, size=(int(rng.integers(0, 4)), 2 + i % 2)).astype(np.int32))
            polys = [(rng.random(size=(int(rng.integers(3, 6)), 2)) * 100).astype(np.float32)
                     for _ in range(int(rng.integers(0, 3)))]
            poly.append(polys)
            emb.append(rng.standard_normal(size=64).astype(np.float32))
            tag.append([["red", "green", "blue", "äöü"][j] for j in range(int(rng.integers(0, 4)))])
        lab.info.update(source="synthetic", version=2)
    ds.info.update(description="misc htypes", n=n, nested={"a": [1, 2.5, None, True]})
    return ("One tensor per htype that needs no extra package: class_label (with class_names; a "
            "multi-label one, lz4 chunk-compressed, with 0-3 labels; one without class_names; one "
            "fed with label strings, which deeplake turns into indices, extending class_names), "
            "bbox (fractional CCWH), bbox.3d, intrinsics, segment_mask (lz4 sample compression, "
            "class_names), binary_mask (lz4, and uncompressed with 0-2 masks), instance_label, "
            "keypoints_coco (keypoints/connections info), point (2-D and 3-D points), polygon (0-2 "
            "polygons of 3-5 points), embedding (dim 64, max_chunk_size 4096) and tag; tensor and "
            "dataset info set.")


def case_json_text_custom(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        js = ds.create_tensor("js", htype="json")
        js.append({"arr_f32": np.array([[1.5, -2.0], [0.1, 3.0]], dtype=np.float32),
                   "arr_i64": np.arange(5, dtype=np.int64),
                   "arr_u8": np.array([0, 255, 7], dtype=np.uint8),
                   "arr_bool": np.array([True, False]),
                   "blob": b"\x00\x01binary\xff"})
        js.append([1, "two", 3.25, None, {"k": [True, False]}])
        js.append("just a string")
        js.append(42)
        js.append({})
        js.append({"unicode": "日本語 ✓ émoji😀", "big": 2 ** 60, "neg": -17, "f": 1e-300,
                   "deep": {"a": {"b": {"c": {"d": [[], {}]}}}}})
        js.append(None)
        js.append({"list_of_arrays": [np.zeros((0,), dtype=np.float64), np.ones((2, 2), dtype=np.int16)]})
        js2 = ds.create_tensor("js_lz4_chunks", htype="json", chunk_compression="lz4", max_chunk_size=4096)
        for i in range(60):
            js2.append({"i": i, "name": "row %d" % i, "vals": rng.integers(0, 1000, size=10).tolist(),
                        "score": float(np.float32(rng.random()))})
        txt = ds.create_tensor("text_sample_lz4", htype="text", sample_compression="lz4")
        for s in ["", "a", "hello world " * 20, "ünïcødé ✓", "line1\nline2\ttab \"quoted\" \\ back", "\x00nul"]:
            txt.append(s)
        lst = ds.create_tensor("lists", htype="list")
        lst.append(["a", "b"])
        lst.append([])
        lst.append(["x" * 100, "ü", ""])
        lst2 = ds.create_tensor("lists_chunk_lz4", htype="list", chunk_compression="lz4")
        for i in range(20):
            lst2.append(["item%d" % j for j in range(i % 5)])
    return ("json samples holding numpy arrays (float32 2-D, int64, uint8, bool, an empty float64, "
            "inside a list too) and bytes (stored with deeplake's _hub_custom_type encoding), "
            "top-level lists/strings/numbers/null/{}, big ints, deep nesting; a json tensor with lz4 "
            "chunk compression over several chunks; text with lz4 sample compression (empty, long, "
            "control characters, NUL); list tensors (uncompressed and lz4 chunk-compressed).")


def case_images_more(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    os.makedirs(files_dir, exist_ok=True)
    with ds:
        png = ds.create_tensor("png_rgba", htype="image", sample_compression="png")
        for i in range(4):
            png.append(_rgb(rng, 6 + i, 9 - i, 4))
        jpg = ds.create_tensor("jpeg_arrays", htype="image", sample_compression="jpeg")
        for i in range(4):
            jpg.append(_rgb(rng, 16 + 2 * i, 12 + i))
        jpg_files = ds.create_tensor("jpeg_files", htype="image", sample_compression="jpeg")
        png_files = ds.create_tensor("png_files_gray", htype="image.gray", sample_compression="png")
        for i in range(3):
            p = os.path.join(files_dir, "photo%d.jpg" % i)
            _write_image_file(p, _rgb(rng, 20 + i, 24), "JPEG", quality=85)
            jpg_files.append(deeplake.read(p))
            g = os.path.join(files_dir, "gray%d.png" % i)
            _write_image_file(g, _rgb(rng, 10, 10 + i, 1), "PNG")
            png_files.append(deeplake.read(g))
        rgb = ds.create_tensor("rgb_jpeg", htype="image.rgb", sample_compression="jpeg")
        for i in range(3):
            rgb.append(_rgb(rng, 8 + i, 8))
        gray_jpg = ds.create_tensor("gray_jpeg", htype="image.gray", sample_compression="jpeg")
        for i in range(3):
            gray_jpg.append(_rgb(rng, 9, 7 + i, 1)[:, :, 0])
        canvas = ds.create_tensor("png_chunks", htype="image", sample_compression=None,
                                  chunk_compression="png", max_chunk_size=4096)
        for i in range(10):
            canvas.append(_rgb(rng, 10 + i % 3, 12 + i % 4))
        raw = ds.create_tensor("uncompressed", htype="image", sample_compression=None)
        for i in range(3):
            raw.append(_rgb(rng, 5, 4 + i))
        lz = ds.create_tensor("image_lz4", htype="image", sample_compression="lz4")
        for i in range(3):
            lz.append(_rgb(rng, 7, 5 + i))
        raw.info.update(intrinsics=None, camera="synthetic")
    return ("More image tensors: RGBA png arrays; jpeg-encoded arrays; jpeg and gray png files read "
            "with deeplake.read (file bytes stored as they are); image.rgb jpeg; image.gray jpeg (2-D "
            "arrays, read back HxWx1); chunk_compression='png' (no sample compression, several "
            "samples per png canvas, max_chunk_size 4096); an uncompressed image tensor; "
            "sample_compression='lz4' on an image tensor.")


def case_lz4_more(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        for name in ["bool", "int8", "uint16", "uint32", "uint64", "float16", "float64"]:
            dt = np.dtype(name)
            t = ds.create_tensor("chunk_" + name, dtype=name, chunk_compression="lz4",
                                 max_chunk_size=4096 if name != "bool" else 1024)
            for i in range(120):
                shape = (int(rng.integers(0, 80)),) if i % 10 else (0,)
                if dt.kind == "b":
                    a = rng.integers(0, 2, size=shape).astype(bool)
                elif dt.kind in "iu":
                    a = rng.integers(0, 120, size=shape).astype(dt)  # somewhat compressible
                else:
                    a = np.round(rng.standard_normal(size=shape), 2).astype(dt)
                t.append(a)
            s = ds.create_tensor("sample_" + name, dtype=name, sample_compression="lz4")
            for i in range(8):
                shape = (int(rng.integers(0, 5)), 3)
                if dt.kind == "b":
                    a = rng.integers(0, 2, size=shape).astype(bool)
                elif dt.kind in "iu":
                    info = np.iinfo(dt)
                    a = rng.integers(info.min, info.max, size=shape, dtype=dt, endpoint=True)
                else:
                    a = rng.standard_normal(size=shape).astype(dt)
                s.append(a)
        cl = ds.create_tensor("labels_lz4", htype="class_label", class_names=["a", "b", "c"],
                              chunk_compression="lz4")
        cl.extend(rng.integers(0, 3, size=50).astype(np.uint32))
        bb = ds.create_tensor("bbox_lz4", htype="bbox", sample_compression="lz4")
        for i in range(6):
            bb.append(rng.random(size=(i % 3, 4)).astype(np.float32))
        tx = ds.create_tensor("text_chunk_lz4", htype="text", chunk_compression="lz4", max_chunk_size=4096)
        words = np.array(["alpha", "beta", "gamma", "délta", "ε", "日本", "x", ""])
        for i in range(150):
            tx.append("%d: " % i + " ".join(rng.choice(words, size=int(rng.integers(0, 40)))))
    return ("lz4 beyond the fixtures: chunk_compression='lz4' (max_chunk_size 4096, several chunks, "
            "empty samples) and sample_compression='lz4' on bool, int8, uint16, uint32, uint64, "
            "float16 and float64 tensors; a class_label and a text tensor with lz4 chunk "
            "compression; a bbox tensor with lz4 sample compression.")


def case_tiling(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        u8 = ds.create_tensor("u8_tiled", dtype="uint8", tiling_threshold=2048, max_chunk_size=4096)
        u8.append(rng.integers(0, 256, size=(100, 120), dtype=np.uint8))   # tiled
        u8.append(rng.integers(0, 256, size=(10, 12), dtype=np.uint8))     # small
        u8.append(rng.integers(0, 256, size=(64, 64), dtype=np.uint8))     # tiled
        u8.append(np.zeros((0, 5), dtype=np.uint8))                         # empty
        f32 = ds.create_tensor("f32_tiled", dtype="float32", tiling_threshold=4096, max_chunk_size=8192)
        f32.append(rng.standard_normal(size=(40, 50, 3)).astype(np.float32))
        f32.append(rng.standard_normal(size=(2, 2, 3)).astype(np.float32))
        f32.append(rng.standard_normal(size=(33, 17, 3)).astype(np.float32))
        img = ds.create_tensor("png_tiled", htype="image", sample_compression="png",
                               tiling_threshold=4096, max_chunk_size=8192)
        img.append(rng.integers(0, 256, size=(60, 70, 3), dtype=np.uint8))  # noisy -> tiled
        img.append(_rgb(rng, 8, 8))                                          # small
        img.append(rng.integers(0, 256, size=(45, 90, 3), dtype=np.uint8))  # tiled
        lz = ds.create_tensor("i16_tiled_lz4", dtype="int16", chunk_compression="lz4",
                              tiling_threshold=2048, max_chunk_size=4096)
        lz.append(rng.integers(-30000, 30000, size=(50, 40), dtype=np.int16))
        lz.append(rng.integers(-3, 3, size=(5, 4), dtype=np.int16))
        nt = ds.create_tensor("never_tiled", dtype="uint8", tiling_threshold=-1, max_chunk_size=4096)
        nt.append(rng.integers(0, 256, size=(100, 100), dtype=np.uint8))
        nt.append(rng.integers(0, 256, size=(3, 3), dtype=np.uint8))
        # an update of a tiled sample with another tiled sample
        u8[2] = rng.integers(0, 256, size=(70, 50), dtype=np.uint8)
    return ("Tiled samples: uint8 (tiling_threshold 2048, max_chunk_size 4096) with tiled, small and "
            "empty samples and a tiled sample replaced by another; float32 3-D tiles; png images "
            "tiled (each tile a png); int16 tiled with lz4 chunk compression; tiling_threshold -1 "
            "(tiling disabled) with a sample bigger than max_chunk_size.")


def case_sequences(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        sg = ds.create_tensor("seq_generic", htype="sequence[generic]", dtype="int32", max_chunk_size=4096)
        for i in range(40):
            items = [rng.integers(-100, 100, size=(int(rng.integers(0, 6)), 8)).astype(np.int32)
                     for _ in range(int(rng.integers(0, 5)))]
            sg.append(items)
        sf = ds.create_tensor("seq_f32_fixed", htype="sequence[generic]", dtype="float32")
        for i in range(4):
            sf.append([rng.standard_normal(size=3).astype(np.float32) for _ in range(3)])
        si = ds.create_tensor("seq_image", htype="sequence[image]", sample_compression="png")
        for i in range(4):
            si.append([_rgb(rng, 5 + j, 6) for j in range(i % 3 + 1)])
        st = ds.create_tensor("seq_text", htype="sequence[text]")
        for i in range(5):
            st.append(["frame %d.%d" % (i, j) for j in range(i % 4)])
        sc = ds.create_tensor("seq_label", htype="sequence[class_label]", class_names=["walk", "run", "sit"])
        for i in range(5):
            sc.append([np.uint32(rng.integers(0, 3)) for _ in range(i % 3 + 1)])
        sb = ds.create_tensor("seq_bbox", htype="sequence[bbox]", coords={"type": "pixel", "mode": "LTRB"})
        for i in range(4):
            sb.append([rng.random(size=(int(rng.integers(0, 3)), 4)).astype(np.float32) for _ in range(2)])
        sj = ds.create_tensor("seq_json", htype="sequence[json]")
        for i in range(3):
            sj.append([{"t": j, "ok": j % 2 == 0} for j in range(i + 1)])
    return ("sequence[...] tensors: sequence[generic] int32 with 0-4 items of varying shape (some "
            "empty, max_chunk_size 4096) and float32 fixed items; sequence[image] png; "
            "sequence[text]; sequence[class_label] with class_names; sequence[bbox]; "
            "sequence[json].")


def case_links(ds_dir, files_dir, rng):
    os.makedirs(files_dir, exist_ok=True)
    ds = _empty(ds_dir)
    paths = []
    for i in range(4):
        p = os.path.join(files_dir, "img%d.png" % i)
        _write_image_file(p, _rgb(rng, 6 + i, 7 + 2 * i), "PNG")
        paths.append(p)
    jp = os.path.join(files_dir, "photo.jpg")
    _write_image_file(jp, _rgb(rng, 16, 16), "JPEG", quality=90)
    old = os.getcwd()
    os.chdir(ds_dir)  # relative links are resolved from the dataset folder
    try:
        with ds:
            rel = ds.create_tensor("rel", htype="link[image]", sample_compression="png")
            for i in range(4):
                rel.append(deeplake.link("../files/img%d.png" % i))
            ab = ds.create_tensor("abs", htype="link[image]", sample_compression="png")
            for i in (2, 0, 3):
                ab.append(deeplake.link(os.path.abspath(paths[i])))
            mixed = ds.create_tensor("mixed", htype="link[image]", sample_compression="jpeg")
            mixed.append(deeplake.link("../files/photo.jpg"))
            mixed.append(deeplake.link(os.path.abspath(jp)))
            mixed.append(deeplake.link("../files/img1.png"))
            rel[1] = deeplake.link("../files/img3.png")
            seq = ds.create_tensor("seq_links", htype="sequence[link[image]]", sample_compression="png")
            seq.append([deeplake.link("../files/img%d.png" % j) for j in range(3)])
            seq.append([deeplake.link("../files/img0.png")])
    finally:
        os.chdir(old)
    return ("link[image] tensors (files in ../files): relative paths (resolved from the dataset "
            "folder, one updated in place), absolute paths (machine-specific: they point into the "
            "folder this case was written to), a jpeg link tensor also holding a png link, and a "
            "sequence[link[image]] tensor.")


def case_empty_padding(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        a = ds.create_tensor("i32", dtype="int32")
        a.append(np.array([1, 2, 3], dtype=np.int32))
        a.append(None)
        a.append(np.zeros((0,), dtype=np.int32))
        a[6] = np.array([7, 7], dtype=np.int32)          # pads samples 3..5
        b = ds.create_tensor("f64_2d", dtype="float64")
        b.append(np.ones((2, 2)))
        b[3] = np.full((1, 3), 0.5)                       # pads 1..2
        b.append(None)
        t = ds.create_tensor("text", htype="text")
        t.append("first")
        t[3] = "fourth"                                   # pads 1..2 with empty strings
        t.append("")
        j = ds.create_tensor("json", htype="json")
        j.append({"a": 1})
        j.append(None)
        j[4] = {"b": [2]}
        l = ds.create_tensor("list", htype="list")
        l.append(["x"])
        l[2] = ["y", "z"]
        cl = ds.create_tensor("label", htype="class_label", class_names=["no", "yes"])
        cl.append(np.uint32(1))
        cl.append(None)
        cl[4] = np.uint32(0)
        im = ds.create_tensor("image", htype="image", sample_compression="png")
        im.append(_rgb(rng, 4, 4))
        im.append(None)
        im[3] = _rgb(rng, 3, 5)
        bx = ds.create_tensor("bbox", htype="bbox")
        bx.append(np.zeros((0, 4), dtype=np.float32))
        bx[2] = np.array([[1, 2, 3, 4]], dtype=np.float32)
        short = ds.create_tensor("short", dtype="uint8")
        short.append(np.uint8(9))
        cl_lz = ds.create_tensor("u8_lz4", dtype="uint8", chunk_compression="lz4")
        cl_lz.append(np.arange(4, dtype=np.uint8))
        cl_lz[5] = np.arange(2, dtype=np.uint8)
    return ("Empty samples and padding: None appended, zero-length arrays, and assignment past the "
            "end (tensor[k] = x with k > len) which pads with empty samples, on int32, float64 2-D, "
            "text, json, list, class_label, png image, bbox and an lz4 chunk-compressed uint8 "
            "tensor; tensors of different lengths (len(ds) is the shortest, max_len the longest).")


def case_groups_rename_delete(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        ds.create_group("a")
        ds.create_tensor("a/x", dtype="int16")
        ds.create_tensor("a/b/c/deep", htype="text")
        ds.create_tensor("a/b/y", dtype="float32")
        ds.create_tensor("top", dtype="uint8")
        ds.create_tensor("to_delete", dtype="int64")
        ds.create_tensor("old_name", htype="class_label", class_names=["u", "v"])
        ds.create_tensor("g2/inner", htype="json")
        ds.create_tensor("g3/gone", dtype="int8")
        for i in range(5):
            ds.append({"a/x": np.array([i, -i], dtype=np.int16),
                       "a/b/c/deep": "deep %d" % i,
                       "a/b/y": np.float32(i / 4),
                       "top": np.uint8(i),
                       "to_delete": np.int64(i),
                       "old_name": np.uint32(i % 2),
                       "g2/inner": {"i": i},
                       "g3/gone": np.int8(i)})
        ds.delete_tensor("to_delete", large_ok=True)
        ds.rename_tensor("old_name", "new_name")
        ds.rename_group("g2", "g2_renamed")
        ds.delete_group("g3", large_ok=True)
        ds.rename_tensor("a/b/y", "a/b/y_renamed")
        ds.create_tensor("to_delete", dtype="float64")  # re-created with the deleted name
        ds.to_delete.extend(np.arange(5, dtype=np.float64) / 8)
    return ("Nested groups (a, a/b, a/b/c) and tensors in them, rows appended with ds.append({...}); "
            "then a tensor deleted and re-created with the same name (different dtype), a tensor "
            "renamed at top level and one inside a group, a group renamed (g2 -> g2_renamed) and a "
            "group deleted (g3).")


def case_version_history(ds_dir, files_dir, rng):
    ds = _empty(ds_dir)
    with ds:
        ds.create_tensor("val", dtype="float32", max_chunk_size=4096)
        ds.create_tensor("img", htype="image", sample_compression="png")
        ds.create_tensor("txt", htype="text")
        ds.create_tensor("lbl", htype="class_label", class_names=["a", "b", "c"])
        ds.create_tensor("tiled", dtype="uint8", tiling_threshold=2048, max_chunk_size=4096)
        for i in range(12):
            ds.append({"val": rng.standard_normal(size=4).astype(np.float32),
                       "img": _rgb(rng, 4 + i % 3, 5),
                       "txt": "row %d" % i,
                       "lbl": np.uint32(i % 3),
                       "tiled": rng.integers(0, 256, size=(60 if i % 4 == 0 else 4, 50), dtype=np.uint8)})
        ds.info.update(stage="v1")
    c1 = ds.commit("v1: 12 rows")
    with ds:
        ds.val[0] = np.zeros(4, dtype=np.float32)
        ds.img[1] = _rgb(rng, 9, 9)
        ds.tiled[0] = rng.integers(0, 256, size=(70, 40), dtype=np.uint8)
        ds.pop(5)
        ds.pop()
        ds.txt[2] = "updated in v2"
        ds.create_tensor("added_v2", dtype="int8")
        ds.added_v2.extend(np.arange(10, dtype=np.int8))
        ds.info.update(stage="v2")
        ds.lbl.info.update(note="v2 note")
    c2 = ds.commit("v2: updates, pops, new tensor")
    ds.checkout("dev", create=True)
    with ds:
        ds.val.append(np.full(4, 9.5, dtype=np.float32))
        ds.img.append(_rgb(rng, 3, 3))
        ds.txt.append("dev row")
        ds.lbl.append(np.uint32(2))
        ds.tiled.append(rng.integers(0, 256, size=(3, 3), dtype=np.uint8))
        ds.added_v2.append(np.int8(-1))
        ds.delete_tensor("added_v2")
        ds.rename_tensor("txt", "txt_dev")
    ds.commit("dev 1: delete, rename, append")
    with ds:
        ds.val[1] = np.ones(4, dtype=np.float32)
    ds.commit("dev 2: one update")
    with ds:
        ds.txt_dev[0] = "dev head edit"   # uncommitted on dev
    ds.checkout(c1)
    ds.checkout("old_fix", create=True)  # a branch from the first commit
    with ds:
        ds.lbl[3] = np.uint32(0)
        ds.create_tensor("fix_only", htype="json")
        ds.fix_only.extend([{"k": i} for i in range(3)])
    ds.commit("old_fix 1")
    ds.checkout("main")
    with ds:
        ds.val.append(np.full(4, -1.25, dtype=np.float32))
        ds.img.append(_rgb(rng, 5, 5))
        ds.txt.append("main head")
        ds.lbl.append(np.uint32(1))
        ds.tiled.append(rng.integers(0, 256, size=(80, 30), dtype=np.uint8))
        ds.added_v2.append(np.int8(100))
        ds.pop(0)
    return ("Version history: commit v1 (12 rows of float32/png image/text/class_label/tiled uint8, "
            "dataset info), v2 on main (updates incl. an image and a tiled sample, ds.pop(5) and "
            "ds.pop(), a text update, a new tensor, info changes); branch 'dev' from v2 with appends, "
            "a tensor deleted and one renamed (commit), an update (commit) and an uncommitted edit; "
            "branch 'old_fix' from v1 with an update and a new json tensor (commit); uncommitted "
            "appends and ds.pop(0) at the head of main. Every branch head and commit is checked.")


CASES = {
    "all_dtypes": case_all_dtypes,
    "htypes_misc": case_htypes_misc,
    "json_text_custom": case_json_text_custom,
    "images_more": case_images_more,
    "lz4_more": case_lz4_more,
    "tiling": case_tiling,
    "sequences": case_sequences,
    "links": case_links,
    "empty_padding": case_empty_padding,
    "groups_rename_delete": case_groups_rename_delete,
    "version_history": case_version_history,
}


def write_case(outdir, name, dump=True):
    case_dir = os.path.join(outdir, name)
    if os.path.exists(case_dir):
        shutil.rmtree(case_dir)
    os.makedirs(case_dir)
    ds_dir = os.path.join(case_dir, "dataset")
    files_dir = os.path.join(case_dir, "files")
    # one RNG per case, so a case's data does not depend on which other cases run
    rng = np.random.default_rng([SEED, sorted(CASES).index(name)])
    with contextlib.redirect_stdout(sys.stderr):  # deeplake prints notes on stdout
        description = CASES[name](ds_dir, files_dir, rng)
    if dump:
        doc = expected_dump.dump(ds_dir, case=name, description=description, seed=SEED)
        expected_dump.write_expected(doc, os.path.join(case_dir, "expected.json"))
        # a small max_chunk_size is there to get several chunks: say so when it does not
        for key, t in doc["versions"][0]["tensors"].items():
            if t["max_chunk_size"] and t["max_chunk_size"] <= 8192 and t["num_chunks"] == 1:
                print("note: %s/%s has max_chunk_size %d but a single chunk"
                      % (name, key, t["max_chunk_size"]), file=sys.stderr)
    return description


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write deeplake 3.9.52 interop datasets.")
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("--case", action="append", choices=sorted(CASES), help="only this case (repeatable)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    ap.add_argument("--no-dump", action="store_true", help="write the datasets only")
    args = ap.parse_args(argv)
    if args.list:
        for name in CASES:
            print(name)
        return 0
    if not args.outdir:
        ap.error("OUTDIR is required")
    outdir = os.path.abspath(args.outdir)
    os.makedirs(outdir, exist_ok=True)
    for name in args.case or list(CASES):
        t0 = time.time()
        write_case(outdir, name, dump=not args.no_dump)
        print("%-22s %6.1fs" % (name, time.time() - t0), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
