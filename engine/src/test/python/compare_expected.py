#!/usr/bin/env python3
"""Compare two expected.json files value for value and report the first differences.

Usage:
    python compare_expected.py A.json B.json [--ignore KEY ...] [--max N] [--text]

Top-level keys added by a fixture generator (``case``, ``seed``, ``description``) are ignored by
default. Numbers compare by value (1 == 1.0 is NOT equal: ints and floats must match in kind, as
the Java comparator sees them). Dict key order is ignored, list order is not.
With --text both files must also be laid out exactly as expected_dump writes them, with the
same key order.
Exit status: 0 equal, 1 different, 2 usage / read error. Needs only the standard library
(unless --text, which imports expected_dump and therefore deeplake).
"""

import argparse
import json
import sys

DEFAULT_IGNORED = ("case", "seed", "description")


def _kind(v):
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    if v is None:
        return "null"
    if isinstance(v, str):
        return "str"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "dict"
    return type(v).__name__


def _short(v, n=160):
    s = json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    return s if len(s) <= n else s[: n - 3] + "..."


def diff(a, b, path, out, limit):
    if len(out) >= limit:
        return
    ka, kb = _kind(a), _kind(b)
    if ka != kb:
        out.append("%s: type %s != %s: %s vs %s" % (path or "/", ka, kb, _short(a), _short(b)))
        return
    if ka == "dict":
        for k in a:
            if k not in b:
                out.append("%s/%s: only in A: %s" % (path, k, _short(a[k])))
                if len(out) >= limit:
                    return
        for k in b:
            if k not in a:
                out.append("%s/%s: only in B: %s" % (path, k, _short(b[k])))
                if len(out) >= limit:
                    return
        for k in a:
            if k in b:
                diff(a[k], b[k], "%s/%s" % (path, k), out, limit)
                if len(out) >= limit:
                    return
    elif ka == "list":
        if len(a) != len(b):
            out.append("%s: list length %d != %d" % (path or "/", len(a), len(b)))
            if len(out) >= limit:
                return
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, "%s[%d]" % (path, i), out, limit)
            if len(out) >= limit:
                return
    elif a != b:
        out.append("%s: %s != %s" % (path or "/", _short(a), _short(b)))


def compare_docs(a, b, ignored=DEFAULT_IGNORED, limit=20):
    """The differences between two expected.json documents (parsed), at most ``limit`` lines;
    [] when equal. Top-level keys in ``ignored`` are skipped; the inputs are not modified."""
    a = {k: v for k, v in a.items() if k not in ignored}
    b = {k: v for k, v in b.items() if k not in ignored}
    out = []
    diff(a, b, "", out, limit)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Compare two expected.json files.")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--ignore", action="append", default=None,
                    help="top-level key to ignore (default: case, seed, description)")
    ap.add_argument("--max", type=int, default=20, help="report at most this many differences")
    ap.add_argument("--text", action="store_true", help="also require identical file layout")
    args = ap.parse_args(argv)
    ignored = tuple(args.ignore) if args.ignore else DEFAULT_IGNORED
    try:
        with open(args.a, encoding="utf-8") as f:
            a = json.load(f)
        with open(args.b, encoding="utf-8") as f:
            b = json.load(f)
    except (OSError, ValueError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    for k in ignored:
        a.pop(k, None)
        b.pop(k, None)
    out = compare_docs(a, b, (), args.max)
    if not out and args.text:
        import os

        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from expected_dump import to_text  # imports deeplake: run with the venv's python

        for name in (args.a, args.b):
            with open(name, encoding="utf-8") as f:
                text = f.read()
            if text != to_text(json.loads(text)):
                out.append("%s is not in expected_dump's layout" % name)
        if not out and to_text(a) != to_text(b):
            out.append("values equal, but key order differs (after dropping %s)" % ", ".join(ignored))
    if out:
        for line in out:
            print(line)
        print("DIFFERENT: %s vs %s (%d difference(s) shown)" % (args.a, args.b, len(out)))
        return 1
    print("EQUAL: %s == %s" % (args.a, args.b))
    return 0


if __name__ == "__main__":
    sys.exit(main())
