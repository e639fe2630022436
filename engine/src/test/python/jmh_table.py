#!/usr/bin/env python3
"""Summarises a JMH JSON result (engine/target/jmh.json) as the Markdown tables of BENCHMARKS.md.

Usage: python3 engine/src/test/python/jmh_table.py [engine/target/jmh.json ...]

Several files (repeated runs) are merged: every measurement iteration of a benchmark counts, and
the table shows their median and best (least time, or most ops/s). Ratios are reference time /
engine time (>= 0.80 is the target), from medians and from bests; on a shared machine the best
iteration is the least disturbed, but JMH runs every method in its own fork, minutes apart, so
prefer the paired runner (PairedRatios) for ratios.
"""
import json
import statistics
import sys
from collections import defaultdict

MIB = 1 << 20
# Bytes of decoded data one op produces, for MB/s (float32 classes read 2 chunks of 16 MiB).
OP_BYTES = {"Float32DecodeBenchmark": 32 * MIB, "Lz4Float32Benchmark": 32 * MIB}

RATIOS = {
    "Float32DecodeBenchmark": [
        ("float[] per sample, fresh handle", "baselineArraycopy", "enginePerSampleCopyTo"),
        ("float[] readRange, fresh handle", "baselineArraycopy", "engineReadRange"),
        ("float[] readRange, cached chunks", "baselineArraycopy", "engineWarmReadRange"),
        ("float[] per sample, cached chunks", "baselineArraycopy", "engineWarmPerSampleCopyTo"),
        ("direct readRange, fresh handle", "baselineDirectPut", "engineReadRangeDirect"),
        ("direct readRange, cached chunks", "baselineDirectPut", "engineWarmReadRangeDirect"),
        ("float[] readRange vs storage.get+float copy", "limitStorageGetThenFloatBufferGet",
         "engineReadRange"),
        ("direct readRange vs storage.get+put", "limitStorageGetThenDirectPut",
         "engineReadRangeDirect"),
        ("float[] cached vs asFloatBuffer().get", "limitFloatBufferGet", "engineWarmReadRange"),
    ],
    "Lz4Float32Benchmark": [
        ("float[] readRange, fresh handle", "baselineSafeDecompress", "engineReadRange"),
        ("float[] per sample, fresh handle", "baselineSafeDecompress", "enginePerSampleCopyTo"),
        ("direct readRange, fresh handle", "baselineSafeDecompress", "engineReadRangeDirect"),
        ("direct readRange vs decompress into direct", "baselineSafeDecompressDirect",
         "engineReadRangeDirect"),
        ("float[] readRange vs storage.get+decompress+float copy",
         "limitStorageGetThenDecompressThenFloatBufferGet", "engineReadRange"),
        ("float[] readRange vs decompress+float copy", "limitSafeDecompressThenFloatBufferGet",
         "engineReadRange"),
    ],
}


def load(paths):
    runs = defaultdict(list)
    units = {}
    for p in paths:
        for b in json.load(open(p)):
            cls, method = b["benchmark"].split(".")[-2:]
            storage = b.get("params", {}).get("storage", "")
            raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
            runs[(cls, method, storage)].extend(raw)
            units[(cls, method, storage)] = b["primaryMetric"]["scoreUnit"]
    return runs, units


def main(paths):
    runs, units = load(paths)
    print("| benchmark | storage | median | best | unit | median MB/s |")
    print("|---|---|---:|---:|---|---:|")
    for (cls, method, storage), raw in sorted(runs.items()):
        unit = units[(cls, method, storage)]
        med = statistics.median(raw)
        mn = max(raw) if unit == "ops/s" else min(raw)
        mbs = ""
        if cls in OP_BYTES and unit == "ms/op":
            mbs = f"{OP_BYTES[cls] / 1e6 / (med / 1e3):,.0f}"
        elif unit == "ops/s":
            mbs = ""
        fmt = "{:,.0f}" if unit == "ops/s" else "{:.2f}"
        print(f"| {cls}.{method} | {storage} | {fmt.format(med)} | {fmt.format(mn)} | {unit} | {mbs} |")
    print()
    print("| ratio (reference time / engine time) | storage | from medians | from bests |")
    print("|---|---|---:|---:|")
    storages = sorted({k[2] for k in runs})
    for cls, pairs in RATIOS.items():
        for label, ref, eng in pairs:
            for st in storages:
                a, b = runs.get((cls, ref, st)), runs.get((cls, eng, st))
                if not a or not b:
                    continue
                r_med = statistics.median(a) / statistics.median(b)
                r_min = min(a) / min(b)
                print(f"| {cls.replace('Benchmark', '')}: {label} | {st} | {r_med:.2f} | {r_min:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:] or ["engine/target/jmh.json"])
