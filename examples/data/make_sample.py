"""Writes examples/data/sample: the small dataset the README's main job reads.

Written by the real Python deeplake 3.9.52 (run with the interop venv:
  bash engine/src/test/python/setup_venv.sh ~/.cache/deeplake4j/pyenv-deeplake-3.9.52
  ~/.cache/deeplake4j/pyenv-deeplake-3.9.52/bin/python examples/data/make_sample.py examples/data/sample
). The output is committed; rerunning gives new random ids (chunk names, sample ids, commit ids).
"""

import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "engine", "src", "test", "python"))
import deeplake_env  # noqa: E402,F401  (offline, quiet deeplake)

import numpy as np  # noqa: E402
import deeplake  # noqa: E402

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
rng = np.random.default_rng(7)
ds = deeplake.empty(out)
with ds:
    ds.create_tensor("images", htype="image", sample_compression="png")
    ds.create_tensor("labels", htype="class_label", class_names=["circle", "square", "triangle"])
    ds.create_tensor("boxes", htype="bbox", coords={"type": "pixel", "mode": "LTWH"})
    ds.create_tensor("captions", htype="text")
    ds.create_tensor("embeddings", htype="embedding", dtype="float32")
    ds.info.update(description="deeplake4j sample: tiny shapes dataset", source="make_sample.py")

    def row(i):
        h, w = 12 + i % 5, 14 + i % 3
        img = np.zeros((h, w, 3), dtype=np.uint8)
        img[..., i % 3] = 40 + 20 * i
        img[2:h - 2, 3:w - 3, (i + 1) % 3] = 200
        label = i % 3
        return {
            "images": img,
            "labels": np.uint32(label),
            "boxes": np.array([[3, 2, w - 6, h - 4]], dtype=np.float32),
            "captions": f"a {['circle', 'square', 'triangle'][label]} number {i} \u2013 sample",
            "embeddings": rng.standard_normal(8).astype(np.float32),
        }

    for i in range(8):
        ds.append(row(i))
ds.commit("initial import: 8 shapes")
ds.checkout("relabel", create=True)
ds.labels[2] = np.uint32(0)
ds.captions[2] = "a circle (relabelled) number 2 \u2013 sample"
ds.commit("fix label of sample 2")
ds.checkout("main")
with ds:
    for i in range(8, 10):
        ds.append(row(i))
ds.commit("add 2 more shapes")
print(ds.log())
