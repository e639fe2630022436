#!/usr/bin/env python3
"""Check datasets written by the Java engine with the real deeplake 3.9.52, then write on top of them.

Usage:
    python verify_java_written.py DIR [--report OUT.json] [--case NAME ...]
                                  [--expected-name java_expected.json] [--max-diffs N] [--keep-temp]

DIR holds one folder per case: DIR/<case>/dataset/ (the dataset) and DIR/<case>/java_expected.json
(what the Java engine reads back, in expected_dump's expected.json format, at every version it
lists). DIR/<case>/files/ (link targets, for relative links ``../files/...``) is used when present.
For every case (a failure in one case is reported and the others still run):

  a. the case folder (dataset/ and files/, not python_after/) is copied to a temp folder;
  b. the copy is dumped read-only with expected_dump, at exactly the versions (label, ref,
     ref_type) listed in java_expected.json, and compared value for value with java_expected.json
     (compare_expected.compare_docs; top-level ``case``, ``seed``, ``description`` and
     ``written_by`` are ignored, nothing else);
  c. the copy is opened writable (``deeplake.load(path, check_integrity=True)``), and at every
     branch deeplake's integrity check (``deeplake.util.version_control.integrity_check``, the
     check ``deeplake.load`` and ``Dataset.commit`` run) is run and every sample of every tensor
     (hidden ones included) is read. Then, on branch ``main`` (or the first branch), one row is
     appended: for each visible non-hidden tensor with at least one sample, the value of its row 0
     (see ``row0_value``), and ``ds.commit("python on top of java")`` is called (it runs
     integrity_check again). The appended row is read back and compared with row 0 (images with
     lossy compression: shape and dtype only; compressed bytes are not compared), and every
     version of java_expected.json except the head of the branch written to is checked to read
     the same after the commit (labels ignored);
  d. the resulting dataset is written to DIR/<case>/python_after/dataset (with files/ beside it
     when the case has one) and its expected.json (every branch head and commit, expected_dump's
     default versions) to DIR/<case>/python_after/expected.json, for the Java side to read back.
     A stale python_after/ is removed first; nothing is written when step c failed.

One summary line per case goes to stdout, first differences/errors below it. Exit status: 0 when
every case passed, 1 when any comparison, integrity check, append, commit or read-back failed,
2 for usage errors. ``--report`` writes every result as JSON. ``--expected-name expected.json``
runs the script on the output of write_interop_datasets.py (Python-written cases).
"""

import argparse
import contextlib
import json
import os
import shutil
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import deeplake_env  # noqa: E402

deeplake = deeplake_env.import_deeplake()
import numpy as np  # noqa: E402
from deeplake.util.version_control import integrity_check  # noqa: E402

import compare_expected  # noqa: E402
import expected_dump  # noqa: E402

COMMIT_MESSAGE = "python on top of java"
IGNORED_TOP_LEVEL = ("case", "seed", "description", "written_by")
LOSSY_COMPRESSIONS = ("jpeg", "jpeg2000", "webp", "mp3", "mp4", "mkv", "avi")
TEXT_LIKE = ("text", "json", "list", "tag")


class CaseFailure(Exception):
    pass


def _err(e):
    """The error and its causes, one line."""
    parts, seen = [], set()
    while e is not None and id(e) not in seen and len(parts) < 4:
        seen.add(id(e))
        parts.append("%s: %s" % (type(e).__name__, " ".join(str(e).split())[:400]))
        e = e.__cause__ or e.__context__
    return " <- ".join(parts)


@contextlib.contextmanager
def _cwd(path):
    old = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


# --------------------------------------------------------------------------------------------
# step c helpers
# --------------------------------------------------------------------------------------------

def row0_value(tensor):
    """(value to append, how) for a copy of row 0 of ``tensor``; (None, reason) to skip it.

    generic / numeric htypes, image*, class_label (uint32 label indices), bbox, masks, points,
    embedding, ...: ``tensor[0].numpy()`` (image.gray: reshaped (H, W, 1) -> (H, W), the only
    form deeplake accepts for it); polygon: the list of per-polygon arrays
    (``tensor[0].numpy()``); text / json / list / tag: ``tensor[0].data()["value"]``;
    sequence[X]: the list of items (``data()["value"]`` for text-like X, else
    ``numpy(aslist=True)``); link[X] and sequence[link[X]]: ``deeplake.link`` of the same
    path(s) (same creds)."""
    meta = tensor.meta
    if len(tensor) == 0:
        return None, "no row 0 (empty tensor)"
    base = meta.htype or "generic"
    view = tensor[0]
    if meta.is_link:
        paths = expected_dump._link_paths(tensor, 0)
        links = [deeplake.link(p, creds_key=_link_creds_key(tensor, j)) for j, p in enumerate(paths)]
        if meta.is_sequence:
            return links, "sequence of %d deeplake.link(row 0 paths)" % len(links)
        return links[0], "deeplake.link(row 0 path)"
    if meta.is_sequence:
        if base in TEXT_LIKE:
            return list(view.data()["value"]), "sequence: list of data()['value'] items"
        if base == "polygon":
            return [list(p) for p in view.numpy(aslist=True)], "sequence of polygon lists"
        items = list(view.numpy(aslist=True))
        if base == "image.gray":
            return [_gray2d(a) for a in items], "sequence: numpy(aslist=True) items, (H, W, 1) -> (H, W)"
        return items, "sequence: numpy(aslist=True) items"
    if base in TEXT_LIKE:
        return view.data()["value"], "data()['value']"
    if base == "polygon":
        return [np.asarray(p) for p in view.numpy()], "list of polygon arrays (numpy())"
    if base in ("audio", "video", "dicom", "nifti", "point_cloud", "mesh") and meta.sample_compression:
        return None, "htype %s with sample_compression %s: Python cannot re-encode arrays" % (
            base, meta.sample_compression)
    if base == "image.gray":
        return _gray2d(view.numpy()), "numpy() reshaped (H, W, 1) -> (H, W)"
    return view.numpy(), "numpy()"


def _gray2d(a):
    """image.gray reads back as (H, W, 1) but deeplake only accepts (H, W) arrays on append
    (an (H, W, 1) array raises SampleAppendError <- ValueError: Invalid image)."""
    a = np.asarray(a)
    return a[:, :, 0] if a.ndim == 3 and a.shape[2] == 1 else a


def _link_creds_key(tensor, flat_index):
    """The creds key of a link item (None: no creds); row 0's items have flat indices 0..n-1."""
    return tensor.chunk_engine.creds_key(flat_index)


def _strip_for_readback(rec, lossy):
    """A sample record without the parts that legitimately change when Python re-encodes it."""
    if isinstance(rec, dict):
        out = {}
        for k, v in rec.items():
            if k in ("compressed_sha256", "compressed_size"):
                continue
            if lossy and k == "value" and isinstance(v, dict) and "sha256" in v:
                v = {"shape": v["shape"], "dtype": v["dtype"]}
            out[k] = _strip_for_readback(v, lossy) if k == "value" and isinstance(v, list) else v
        return out
    if isinstance(rec, list):
        return [_strip_for_readback(x, lossy) for x in rec]
    return rec


def _is_lossy(meta):
    return (meta.sample_compression in LOSSY_COMPRESSIONS
            or meta.chunk_compression in LOSSY_COMPRESSIONS)


def read_everything(ds):
    """Integrity check + every sample of every tensor at every branch; returns a summary."""
    out = {}
    for branch in list(ds.branches):
        ds.checkout(branch)
        integrity_check(ds)
        n = 0
        tensors = ds._tensors(include_hidden=True)
        for key in sorted(tensors):
            n += len(expected_dump.sample_records(tensors[key]))
        out[branch] = {"tensors": len(tensors), "samples_read": n}
    return out


def append_row0_and_commit(ds, result):
    """Step c's write part. Fills result["append"]; raises CaseFailure on any failure."""
    branch = "main" if "main" in ds.branches else list(ds.branches)[0]
    ds.checkout(branch)
    tensors = ds._tensors(include_hidden=False)
    hidden = set(ds.meta.hidden_tensors)
    names = ds.version_state["tensor_names"]
    plan, skipped = {}, {}
    for name in sorted(tensors):
        t = tensors[name]
        if names.get(name, name) in hidden or t.meta.hidden:
            continue
        try:
            value, how = row0_value(t)
        except Exception as e:  # noqa: BLE001
            raise CaseFailure("reading row 0 of %s for the append: %s" % (name, _err(e)))
        if value is None:
            skipped[name] = how
        else:
            plan[name] = (value, how, len(t))
    appended, errors = {}, {}
    with ds:
        for name, (value, how, _) in plan.items():
            try:
                ds[name].append(value)
                appended[name] = "%s (htype %s)" % (how, ds[name].htype)
            except Exception as e:  # noqa: BLE001
                errors[name] = _err(e)
    result["append"] = {"branch": branch, "appended": appended, "skipped": skipped, "errors": errors}
    if errors:
        raise CaseFailure("append failed for %s" % "; ".join("%s: %s" % kv for kv in errors.items()))
    try:
        commit_id = ds.commit(COMMIT_MESSAGE)
    except Exception as e:  # noqa: BLE001
        raise CaseFailure("commit failed: %s" % _err(e))
    result["append"]["commit_id"] = commit_id
    integrity_check(ds)
    # read the new row back
    diffs = []
    tensors = ds._tensors(include_hidden=True)
    for name, (_, _, old_len) in plan.items():
        t = tensors[name]
        if len(t) != old_len + 1:
            diffs.append("%s: length %d after append, expected %d" % (name, len(t), old_len + 1))
            continue
        recs = expected_dump.sample_records(t)
        lossy = _is_lossy(t.meta)
        a = _strip_for_readback(recs[0], lossy)
        b = _strip_for_readback(recs[old_len], lossy)
        d = []
        compare_expected.diff(a, b, "%s[0] vs %s[%d]" % (name, name, old_len), d, 5)
        diffs.extend(d)
    for key, t in tensors.items():  # every tensor (hidden too) must read completely
        expected_dump.sample_records(t)
    result["append"]["readback_differences"] = diffs
    if diffs:
        raise CaseFailure("appended row reads back differently: %s" % "; ".join(diffs[:5]))
    return branch


# --------------------------------------------------------------------------------------------
# one case
# --------------------------------------------------------------------------------------------

def _versions_of(doc):
    return [(v["label"], v["ref"], v.get("ref_type")) for v in doc["versions"]]


def run_case(case_dir, expected_name, max_diffs, keep_temp):
    name = os.path.basename(case_dir.rstrip("/"))
    result = {"case": name, "ok": False, "failures": []}
    ds_src = os.path.join(case_dir, "dataset")
    exp_path = os.path.join(case_dir, expected_name)
    tmp = tempfile.mkdtemp(prefix="dl4j-verify-%s-" % name)
    work = os.path.join(tmp, name)
    after_dir = os.path.join(case_dir, "python_after")
    try:
        with open(exp_path, encoding="utf-8") as f:
            java_doc = json.load(f)
        # a. copy
        os.makedirs(work)
        shutil.copytree(ds_src, os.path.join(work, "dataset"), symlinks=True)
        if os.path.isdir(os.path.join(case_dir, "files")):
            shutil.copytree(os.path.join(case_dir, "files"), os.path.join(work, "files"), symlinks=True)
        ds_dir = os.path.join(work, "dataset")

        # b. read-only dump at java's versions, compare
        try:
            with contextlib.redirect_stdout(sys.stderr):
                dumped = expected_dump.dump(ds_dir, versions=_versions_of(java_doc))
            diffs = compare_expected.compare_docs(java_doc, dumped, IGNORED_TOP_LEVEL, max_diffs)
            result["compare"] = {"versions": len(java_doc["versions"]), "differences": diffs}
            if diffs:
                result["failures"].append("compare: %d+ difference(s) between %s and deeplake's reading"
                                          % (len(diffs), expected_name))
        except Exception as e:  # noqa: BLE001
            result["compare"] = {"error": _err(e), "traceback": traceback.format_exc()}
            result["failures"].append("compare: deeplake failed to read the dataset: %s" % _err(e))

        # c. writable: integrity + read all branches, append row 0, commit
        if os.path.isdir(after_dir):
            shutil.rmtree(after_dir)
        written = False
        ds = None
        try:
            with contextlib.redirect_stdout(sys.stderr), _cwd(ds_dir):
                ds = deeplake.load(ds_dir, read_only=False, verbose=False, check_integrity=True)
                result["read_all"] = read_everything(ds)
                branch = append_row0_and_commit(ds, result)
                written = True
        except CaseFailure as e:
            result["failures"].append("write: %s" % e)
        except Exception as e:  # noqa: BLE001
            result["failures"].append("write: %s" % _err(e))
            result["write_traceback"] = traceback.format_exc()
        finally:
            if ds is not None:
                try:
                    ds._unlock()  # release the HEAD lock (what Dataset.__del__ / checkout do)
                except Exception:
                    pass
                del ds

        # d. python_after + expected.json; history check
        if written:
            try:
                os.makedirs(after_dir)
                shutil.copytree(ds_dir, os.path.join(after_dir, "dataset"), symlinks=True)
                if os.path.isdir(os.path.join(work, "files")):
                    shutil.copytree(os.path.join(work, "files"), os.path.join(after_dir, "files"), symlinks=True)
                with contextlib.redirect_stdout(sys.stderr):
                    after_doc = expected_dump.dump(
                        os.path.join(after_dir, "dataset"), case=java_doc.get("case", name),
                        description="%s, then deeplake 3.9.52 appended row 0 of every visible tensor on "
                                    "branch %s and committed %r" % (name, branch, COMMIT_MESSAGE))
                expected_dump.write_expected(after_doc, os.path.join(after_dir, "expected.json"))
                result["python_after"] = after_dir
                hist = _history_differences(java_doc, after_doc, branch, max_diffs)
                result["history_differences"] = hist
                if hist:
                    result["failures"].append("history: versions read differently after Python's commit")
            except Exception as e:  # noqa: BLE001
                result["failures"].append("python_after: %s" % _err(e))
                result["python_after_traceback"] = traceback.format_exc()
    except Exception as e:  # noqa: BLE001
        result["failures"].append("case: %s" % _err(e))
        result["traceback"] = traceback.format_exc()
    finally:
        if keep_temp:
            result["temp"] = tmp
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    result["ok"] = not result["failures"]
    return result


def _history_differences(java_doc, after_doc, written_branch, limit):
    """Every version of java_doc except the head of the branch Python wrote to must read the same
    in after_doc (matched by ref; labels ignored)."""
    after_by_ref = {v["ref"]: v for v in after_doc["versions"]}
    out = []
    for v in java_doc["versions"]:
        if v.get("ref_type") == "branch" and v["ref"] == written_branch:
            continue
        w = after_by_ref.get(v["ref"])
        if w is None:
            out.append("version %r (%s) missing after Python's commit" % (v["label"], v["ref"]))
            continue
        a = {k: x for k, x in v.items() if k != "label"}
        b = {k: x for k, x in w.items() if k != "label"}
        compare_expected.diff(a, b, "versions[%s]" % v["label"], out, limit)
        if len(out) >= limit:
            break
    return out


def _summary(r):
    parts = []
    c = r.get("compare", {})
    if "error" in c:
        parts.append("compare ERROR")
    elif "differences" in c:
        parts.append("compare %s (%d versions)" % ("FAIL" if c["differences"] else "ok", c["versions"]))
    ra = r.get("read_all")
    if ra:
        parts.append("integrity+read ok (%s)" % ", ".join(
            "%s: %d samples" % (b, x["samples_read"]) for b, x in ra.items()))
    a = r.get("append")
    if a:
        parts.append("appended %d tensor(s) on %s%s" % (
            len(a["appended"]), a["branch"],
            ", skipped %d" % len(a["skipped"]) if a["skipped"] else ""))
        if a.get("commit_id"):
            parts.append("commit %s" % a["commit_id"][:10])
    if "history_differences" in r:
        parts.append("history %s" % ("FAIL" if r["history_differences"] else "ok"))
    return "%-8s %-24s %s" % ("PASS" if r["ok"] else "FAIL", r["case"], "; ".join(parts))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--report", help="write all results as JSON here")
    ap.add_argument("--case", action="append", help="only this case (repeatable)")
    ap.add_argument("--expected-name", default="java_expected.json",
                    help="name of the expected file in each case folder (default java_expected.json)")
    ap.add_argument("--max-diffs", type=int, default=20, help="differences reported per comparison")
    ap.add_argument("--keep-temp", action="store_true", help="keep the temp copies")
    args = ap.parse_args(argv)
    root = os.path.abspath(args.dir)
    if not os.path.isdir(root):
        ap.error("%s is not a directory" % root)
    cases = sorted(
        n for n in os.listdir(root)
        if os.path.isdir(os.path.join(root, n, "dataset"))
        and os.path.isfile(os.path.join(root, n, args.expected_name))
    )
    if args.case:
        missing = sorted(set(args.case) - set(cases))
        if missing:
            ap.error("no such case(s) in %s: %s" % (root, ", ".join(missing)))
        cases = [c for c in cases if c in args.case]
    if not cases:
        print("no cases (DIR/<case>/dataset + DIR/<case>/%s) in %s" % (args.expected_name, root),
              file=sys.stderr)
        return 1
    results = []
    for name in cases:
        r = run_case(os.path.join(root, name), args.expected_name, args.max_diffs, args.keep_temp)
        results.append(r)
        print(_summary(r), flush=True)
        if not r["ok"]:
            for f in r["failures"]:
                print("    " + f)
            for d in r.get("compare", {}).get("differences", []):
                print("    compare: " + d)
            if "error" in r.get("compare", {}):
                print("    " + r["compare"]["traceback"].rstrip().replace("\n", "\n    "))
            for d in r.get("append", {}).get("readback_differences", []):
                print("    readback: " + d)
            for d in r.get("history_differences", []):
                print("    history: " + d)
            for k in ("write_traceback", "python_after_traceback", "traceback"):
                if k in r:
                    print("    " + r[k].rstrip().replace("\n", "\n    "))
            sys.stdout.flush()
    n_fail = sum(not r["ok"] for r in results)
    print("%d case(s): %d passed, %d failed" % (len(results), len(results) - n_fail, n_fail))
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump({"dir": root, "expected_name": args.expected_name, "cases": results}, f,
                      indent=1, sort_keys=True, default=str)
    return 1 if n_fail else 0


if __name__ == "__main__":
    sys.exit(main())
