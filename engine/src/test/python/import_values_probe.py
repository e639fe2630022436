"""What Python deeplake 3.9.52 does with JSON values appended to typed tensors, for
ImportValuesPythonTest (which compares each case with `deeplake import`).

Usage: python import_values_probe.py CASES.json OUT.json

CASES.json: [{"id": ID, "tensor": {create_tensor keyword arguments}, "json": JSON TEXT,
"numpy": optional numpy dtype name}, ...]. Each case's JSON text is read with Python's json module
(NaN and Infinity allowed, as `json.loads` does by default), made a numpy array of that dtype when
"numpy" is given (np.asarray(value, dtype): the Java API's arrays, for ValuesPythonTest), and
appended to a new tensor of one new dataset, as a user would append the parsed value. OUT.json: {ID: {"ok": true, "dtype": ..., "shape": [...], "hex": stored bytes,
"text": text value (text tensors)} or {"ok": false, "error": the cause}}, plus for numeric cases
"cast_hex": the bytes of numpy's plain cast of the value to the tensor's dtype (np.asarray(v,
dtype)), or null when numpy refuses that too.
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


def main():
    cases = json.load(open(sys.argv[1]))
    out = {}
    tmp = tempfile.mkdtemp(prefix="dl4j-import-probe-")
    try:
        ds = deeplake.empty(os.path.join(tmp, "ds"), overwrite=True, verbose=False)
        for i, c in enumerate(cases):
            name = "c%d" % i
            kwargs = c["tensor"]
            t = ds.create_tensor(name, **kwargs)
            v = json.loads(c["json"])
            if c.get("numpy") is not None:
                v = np.asarray(v, dtype=c["numpy"])
            r = {}
            dtype = kwargs.get("dtype")
            if dtype is not None and "htype" not in kwargs:
                try:
                    r["cast_hex"] = np.asarray(v, dtype=dtype).tobytes().hex()
                except (ValueError, OverflowError, TypeError):
                    r["cast_hex"] = None
            try:
                t.append(v)
                r["ok"] = True
                if kwargs.get("htype") in ("text", "json", "list", "tag"):
                    r["text"] = t[0].data()["value"]
                else:
                    a = t[0].numpy()
                    r["dtype"] = str(a.dtype)
                    r["shape"] = list(a.shape)
                    r["hex"] = a.tobytes().hex()
            except Exception as e:  # noqa: BLE001 - every refusal is an outcome here
                r["ok"] = False
                r["error"] = repr(e.__cause__ or e)
            out[c["id"]] = r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    with open(sys.argv[2], "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
