"""PySpark end to end: the shaded runtime jar on spark.jars, fixtures compared with expected.json.

    python pyspark_read_test.py --jar deeplake-spark-runtime-<v>.jar --fixtures DIR

Run by PySparkIT (failsafe) with the venv of setup_venv.sh. Every check prints one line
`CHECK <name> OK ...`; any failed assertion or error exits non-zero (the traceback on stderr), and
the last line is `ALL OK <n checks>`.
"""

import argparse
import base64
import hashlib
import json
import math
import os
import sys
import traceback
from decimal import Decimal

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession
from pyspark.sql.types import ArrayType, StructType, VariantType

CHECKS = []


def check(name):
    def wrap(fn):
        CHECKS.append((name, fn))
        return fn

    return wrap


def approx(expected, actual, where):
    """Compares an expected.json value with a Spark value (floats of float32 within 1e-6)."""
    if isinstance(expected, list):
        assert isinstance(actual, list), f"{where}: expected a list {expected!r}, got {actual!r}"
        assert len(expected) == len(actual), f"{where}: length {len(actual)} != {len(expected)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            approx(e, a, f"{where}[{i}]")
        return
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{where}: expected an object, got {actual!r}"
        assert set(expected) == set(actual), f"{where}: keys {sorted(actual)} != {sorted(expected)}"
        for k in expected:
            approx(expected[k], actual[k], f"{where}.{k}")
        return
    if isinstance(actual, Decimal):
        actual = int(actual) if actual == actual.to_integral_value() else float(actual)
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        assert expected == actual, f"{where}: {actual!r} != {expected!r}"
        return
    if isinstance(expected, float) or isinstance(actual, float):
        if math.isnan(expected):
            assert math.isnan(actual), f"{where}: {actual!r} is not NaN"
            return
        assert math.isclose(expected, actual, rel_tol=1e-6, abs_tol=1e-30), (
            f"{where}: {actual!r} != {expected!r}"
        )
        return
    assert expected == actual, f"{where}: {actual!r} != {expected!r}"


def field(row, tensor):
    v = row
    for part in tensor.split("/"):
        v = v[part]
    return v


def spark_type(schema, tensor):
    t = schema
    for part in tensor.split("/"):
        t = t[part].dataType
    return t


def expected_value(tensor_rec, sample, dtype):
    """The Spark value a sample of expected.json must read as (the README's mapping)."""
    base = tensor_rec["base_htype"]
    shape = sample.get("shape")
    if base in ("text",):
        return sample["value"]
    if base == "json":
        return sample["value"]
    if base in ("list", "tag"):
        return [x if isinstance(x, str) else json.dumps(x) for x in sample["value"]]
    if shape is not None and 0 in shape:
        return None
    if isinstance(dtype, ArrayType):
        return sample["value"]
    return sample["value"][0]


def compare_version(spark, path, version, ref=None, reader_options=None):
    reader = spark.read.format("deeplake")
    for k, v in (reader_options or {}).items():
        reader = reader.option(k, v)
    if ref is not None:
        reader = reader.option("ref", ref)
    df = reader.load(path)
    rows = df.select("_index", "*").orderBy("_index").collect()
    assert len(rows) == version["length"], f"{path}@{ref}: {len(rows)} rows != {version['length']}"
    compared = 0
    for tensor, rec in version["tensors"].items():
        dtype = spark_type(df.schema, tensor)
        samples = rec["samples"]
        for i, row in enumerate(rows):
            assert row["_index"] == i
            actual = field(row, tensor)
            where = f"{os.path.basename(os.path.dirname(path))} {ref or 'main'} {tensor}[{i}]"
            if rec["base_htype"] in ("image", "image.rgb", "image.gray"):
                if "compressed_sha256" in samples[i]:
                    assert hashlib.sha256(actual).hexdigest() == samples[i]["compressed_sha256"], where
            elif rec["base_htype"] == "json":
                approx(samples[i]["value"], json.loads(actual), where)
            else:
                approx(expected_value(rec, samples[i], dtype), actual, where)
            compared += 1
    return compared


@check("read every fixture at main with spark.read.format('deeplake').load(path)")
def read_fixtures(spark, fx):
    n = 0
    for case in ("numeric_fixed", "numeric_dynamic", "text_json_list", "labels_bbox_embedding",
                 "groups", "chunk_lz4", "many_chunks", "images_png"):
        exp = fx.expected(case)
        n += compare_version(spark, fx.path(case), exp["versions"][0])
    return f"{n} values"


@check("time travel: option ref (branch and commit ids) and versionAsOf")
def time_travel_options(spark, fx):
    exp = fx.expected("version_control")
    n = 0
    for v in exp["versions"]:
        n += compare_version(spark, fx.path("version_control"), v, ref=v["ref"])
        df = spark.read.format("deeplake").option("versionAsOf", v["ref"]).load(fx.path("version_control"))
        refs = {r["_ref"] for r in df.select("_ref").distinct().collect()}
        assert refs == {v["node_id"]}, (refs, v["node_id"])
    return f"{len(exp['versions'])} versions, {n} values"


@check("SQL through the catalog: SELECT ... FROM deeplake.`/path` [VERSION AS OF ...]")
def sql_catalog(spark, fx):
    path = fx.path("labels_bbox_embedding")
    exp = fx.expected("labels_bbox_embedding")["versions"][0]["tensors"]
    labels = [s["value"][0] for s in exp["labels"]["samples"]]
    r = spark.sql(f"SELECT count(*) AS n, sum(labels) AS s FROM deeplake.`{path}` WHERE labels >= 2").first()
    assert r["n"] == sum(1 for x in labels if x >= 2), r
    assert r["s"] == sum(x for x in labels if x >= 2), r
    vc = fx.expected("version_control")
    vpath = fx.path("version_control")
    for v in vc["versions"]:
        q = f"SELECT _index, num, note, _ref FROM deeplake.`{vpath}` VERSION AS OF '{v['ref']}' ORDER BY _index"
        rows = spark.sql(q).collect()
        assert len(rows) == v["length"], (v["ref"], len(rows))
        for row in rows:
            i = row["_index"]
            assert row["_ref"] == v["node_id"]
            approx(v["tensors"]["num"]["samples"][i]["value"], row["num"], f"num[{i}]@{v['ref']}")
            assert row["note"] == v["tensors"]["note"]["samples"][i]["value"]
    return f"{len(vc['versions'])} versions by SQL"


@check("pushed filters: WHERE on scalars and _index, shown in the plan, results as unpushed")
def pushed_filters(spark, fx):
    path = fx.path("labels_bbox_embedding")
    exp = fx.expected("labels_bbox_embedding")["versions"][0]["tensors"]
    labels = [s["value"][0] for s in exp["labels"]["samples"]]
    df = spark.read.format("deeplake").load(path).where("labels = 1 AND _index >= 3")
    plan = df._jdf.queryExecution().executedPlan().toString()
    assert "PushedFilters" in plan and "labels" in plan and "RowFilter" in plan, plan
    got = sorted(r["_index"] for r in df.select("_index").collect())
    want = [i for i, x in enumerate(labels) if x == 1 and i >= 3]
    assert got == want, (got, want)
    return f"{len(want)} rows"


@check("option query: TQL chooses the rows (with LIMIT, with a Spark WHERE on top)")
def query_option(spark, fx):
    path = fx.path("labels_bbox_embedding")
    exp = fx.expected("labels_bbox_embedding")["versions"][0]["tensors"]
    labels = [s["value"][0] for s in exp["labels"]["samples"]]
    boxes = [s["shape"][0] for s in exp["boxes"]["samples"]]
    df = spark.read.format("deeplake").option("query", "labels == 2 OR SHAPE(boxes)[0] > 2").load(path)
    got = sorted(r["_index"] for r in df.select("_index").collect())
    want = [i for i in range(len(labels)) if labels[i] == 2 or boxes[i] > 2]
    assert got == want, (got, want)
    assert want, "the query selects some rows"
    lim = spark.read.format("deeplake").option("query", "SELECT * WHERE labels == 2 LIMIT 1").load(path)
    assert [r["_index"] for r in lim.select("_index").collect()] == [labels.index(2)]
    both = df.where("labels = 2").count()
    assert both == labels.count(2), both
    return f"{len(want)} rows"


@check("decodeImages: Spark's image struct, BGR pixels equal to Python's decoded pixels")
def decode_images(spark, fx):
    exp = fx.expected("images_png")["versions"][0]["tensors"]
    df = spark.read.format("deeplake").option("decodeImages", "true").load(fx.path("images_png"))
    st = df.schema["images"].dataType
    assert isinstance(st, StructType) and st.fieldNames() == [
        "origin", "height", "width", "nChannels", "mode", "data"], st
    n = 0
    for row in df.select("_index", "*").orderBy("_index").collect():
        for col in ("images", "gray"):
            e = exp[col]["samples"][row["_index"]]["value"]
            img = row[col]
            h, w, c = e["shape"]
            assert (img.height, img.width, img.nChannels) == (h, w, c), (img.height, img.width, c)
            assert img.mode == {1: 0, 3: 16, 4: 24}[c]
            data = bytearray(img.data)
            if c >= 3:
                data[0::c], data[2::c] = data[2::c], data[0::c]  # BGR -> RGB
            assert hashlib.sha256(bytes(data)).hexdigest() == e["sha256"], (col, row["_index"])
            n += 1
    return f"{n} images"


@check("jsonAsVariant, shapeColumns, labelColumns through PySpark")
def other_options(spark, fx):
    exp = fx.expected("text_json_list")["versions"][0]["tensors"]["records"]["samples"]
    df = spark.read.format("deeplake").option("jsonAsVariant", "true").load(fx.path("text_json_list"))
    assert isinstance(df.schema["records"].dataType, VariantType), df.schema["records"]
    for row in df.select("_index", "*").orderBy("_index").collect():
        approx(exp[row["_index"]]["value"], row["records"].toPython(), f"records[{row['_index']}]")
    names = [r[0] for r in df.selectExpr("variant_get(records, '$.name', 'string')").collect()]
    assert sorted(names) == sorted(s["value"]["name"] for s in exp), names
    dyn = fx.expected("numeric_dynamic")["versions"][0]["tensors"]["f32"]["samples"]
    df = spark.read.format("deeplake").option("shapeColumns", "f32").load(fx.path("numeric_dynamic"))
    for row in df.select("_index", "*").orderBy("_index").collect():
        assert row["f32_shape"] == dyn[row["_index"]]["shape"], row["f32_shape"]
    lab = fx.expected("labels_bbox_embedding")["versions"][0]["tensors"]
    df = spark.read.format("deeplake").option("labelColumns", "true").load(fx.path("labels_bbox_embedding"))
    for row in df.select("_index", "*").orderBy("_index").collect():
        s = lab["labels"]["samples"][row["_index"]]
        assert row["labels_label"] == s["text"][0] and row["labels"] == s["value"][0]
    return "ok"


@check("errors are AnalysisExceptions with DEEPLAKE_* conditions, before any job")
def errors(spark, fx):
    cases = [
        (lambda: spark.read.format("deeplake").option("ref", "nope").load(fx.path("version_control")),
         "DEEPLAKE_REF_NOT_FOUND"),
        (lambda: spark.read.format("deeplake").option("decodeImages", "labels").load(
            fx.path("labels_bbox_embedding")), "DEEPLAKE_CANNOT_DECODE"),
        (lambda: spark.read.format("deeplake").option("query", "labels ==").load(
            fx.path("labels_bbox_embedding")), "DEEPLAKE_INVALID_QUERY"),
        (lambda: spark.sql(f"SELECT * FROM deeplake.`{fx.path('version_control')}` VERSION AS OF 'gone'"),
         "DEEPLAKE_REF_NOT_FOUND"),
    ]
    for fn, condition in cases:
        try:
            fn()
        except AnalysisException as e:
            assert e.getCondition() == condition, (e.getCondition(), condition, str(e))
        else:
            raise AssertionError(f"no error, expected {condition}")
    return f"{len(cases)} errors"


class Fixtures:
    def __init__(self, root):
        self.root = root
        self._cache = {}

    def path(self, case):
        return os.path.join(self.root, case, "dataset")

    def expected(self, case):
        if case not in self._cache:
            with open(os.path.join(self.root, case, "expected.json"), encoding="utf-8") as f:
                self._cache[case] = json.load(f)
        return self._cache[case]


def session(jar):
    return (
        SparkSession.builder.master("local[2]")
        .appName("deeplake4j-pyspark-test")
        .config("spark.jars", jar)
        .config("spark.sql.catalog.deeplake", "org.deeplake4j.spark.DeepLakeCatalog")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--only", help="run only checks whose name contains this")
    args = ap.parse_args()
    assert os.path.isfile(args.jar), f"no runtime jar at {args.jar} (run mvn package first)"
    spark = session(args.jar)
    spark.sparkContext.setLogLevel("WARN")
    fx = Fixtures(args.fixtures)
    failed = 0
    ran = 0
    try:
        for name, fn in CHECKS:
            if args.only and args.only not in name:
                continue
            ran += 1
            try:
                detail = fn(spark, fx)
                print(f"CHECK {name} OK {detail}", flush=True)
            except Exception:  # noqa: BLE001 - report every check, fail at the end
                failed += 1
                print(f"CHECK {name} FAILED", flush=True)
                traceback.print_exc()
    finally:
        spark.stop()
    if failed:
        print(f"FAILED {failed} of {ran} checks", flush=True)
        return 1
    print(f"ALL OK {ran} checks", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
