#!/usr/bin/env python3
"""Writes the Jazzer seed corpora of engine/src/test/java/.../format/*FuzzTest.java.

Seeds are real files of ../shared (fixtures written by deeplake 3.9.52 and the format examples),
a few hand-made variants, and, for DatasetFuzzTest, a 3-byte header [dataset, file index (BE u16)]
followed by the replacement bytes. Jazzer reads them from
src/test/resources/org/deeplake4j/engine/format/<Class>Inputs/<method>/ (jazzer-junit 0.30.0).
Crash files (crash-<sha1>) that Jazzer adds there are regression inputs too: never delete them.

Usage: python3 engine/src/test/python/make_fuzz_seeds.py [SHARED_DIR]
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINE = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ENGINE, "..", "..", "shared")
FIX = os.path.join(SHARED, "fixtures", "deeplake-v3")
EX = os.path.join(SHARED, "format", "deeplake_v3_examples", "data")
OUT = os.path.join(ENGINE, "src", "test", "resources", "org", "deeplake4j", "engine", "format")

# DatasetFuzzTest.DATASETS, in order
DATASETS = [
    os.path.join(FIX, "chunk_lz4", "dataset"),
    os.path.join(EX, "04_tiling_sequence_link"),
    os.path.join(EX, "05_version_control_and_view"),
    os.path.join(EX, "03_htypes_and_codecs"),
    os.path.join(EX, "07_rename_and_delete"),
]


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def only_chunk(root, tensor):
    d = os.path.join(root, tensor, "chunks")
    names = sorted(os.listdir(d))
    return tensor + "/chunks/" + names[0]


def seed(cls, method, name, data):
    d = os.path.join(OUT, cls + "Inputs", method)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def chunk_header_end(b):
    """Offset of the data region of a chunk (see DEEPLAKE_V3_FORMAT.md 3.3.1)."""
    o = 1 + b[0]
    rows, cols = struct.unpack_from("<ii", b, o)
    o += 8 + 4 * rows * cols
    (brows,) = struct.unpack_from("<i", b, o)
    return o + 4 + 12 * brows


def main():
    u8 = read(FIX, "numeric_fixed", "dataset", "u8", "chunks", "9b76024032504b20")
    lz4 = DATASETS[0]
    vals = read(lz4, only_chunk(lz4, "vals"))
    bytes_s = read(lz4, only_chunk(lz4, "bytes_s"))
    ex04 = DATASETS[1]
    f = "FormatFuzzTest"

    seed(f, "chunkParse", "uncompressed-u8-3x4", u8)
    seed(f, "chunkParse", "chunk-lz4-f32", vals)
    seed(f, "chunkParse", "dynamic-with-empty-sample",
         read(FIX, "numeric_dynamic", "dataset", "u8", "chunks", "e115cf477bc444fc"))
    seed(f, "chunkParse", "png-canvas", read(EX, "03_htypes_and_codecs", "img_cc", "chunks",
                                              "f0f6ddf0cdb84d2e"))
    seed(f, "chunkParse", "tile", read(ex04, "big", "chunks", "9c608665fcd540a3"))
    seed(f, "chunkParse", "empty", b"")

    seed(f, "chunkIdEncoderParse", "three-chunks-w8",
         read(FIX, "numeric_fixed", "dataset", "f64", "chunks_index", "unsharded"))
    seed(f, "chunkIdEncoderParse", "tiled-w8", read(ex04, "big", "chunks_index", "unsharded"))
    seed(f, "chunkIdEncoderParse", "empty-w8", b"\x063.9.52\x08")
    seed(f, "chunkIdEncoderParse", "v2.7.0-w4-no-width-byte",
         b"\x052.7.0" + struct.pack("<IIII", 0xABCDEF01, 99, 0x12345678, 149))

    big_tiles = read(ex04, "big", "tiles_index", "unsharded")
    seed(f, "tileEncoderParse", "one-tiled-10x12", big_tiles)
    seed(f, "tileEncoderParse", "empty", b"\x063.9.52" + b"\x00" * 8)
    seed(f, "tileEncoderParse", "legacy-big-endian",
         struct.pack(">qqqqqqq", 1, 2, 1, 10, 12, 5, 6))
    # regression: a tile of 2^63-1 overflowed the tile grid to -1
    seed(f, "tileEncoderParse", "tile-larger-than-any-sample",
         b"\x063.9.52" + struct.pack("<qqqqq", 1, 1, 0, 2, 0x7FFFFFFFFFFFFFFF))

    seed(f, "encodersParseSequence", "seq", read(ex04, "seq", "sequence_index", "unsharded"))
    seed(f, "encodersParseCreds", "lnk", read(ex04, "lnk", "creds_index", "unsharded"))
    seed(f, "encodersParsePad", "p", read(EX, "06_empty_samples_and_padding", "p", "pad_index",
                                          "unsharded"))

    seed(f, "tensorMetaParse", "u8", read(FIX, "numeric_fixed", "dataset", "u8", "tensor_meta.json"))
    seed(f, "tensorMetaParse", "sequence", read(ex04, "seq", "tensor_meta.json"))
    seed(f, "tensorMetaParse", "link", read(ex04, "lnk", "tensor_meta.json"))
    seed(f, "tensorMetaParse", "htype-null",
         read(EX, "07_rename_and_delete", "e", "tensor_meta.json"))

    seed(f, "datasetMetaParse", "tiling-sequence-link", read(ex04, "dataset_meta.json"))
    seed(f, "datasetMetaParse", "groups", read(FIX, "groups", "dataset", "dataset_meta.json"))

    seed(f, "versionGraphParse", "branches-and-commits",
         read(FIX, "version_control", "dataset", "version_control_info.json"))
    seed(f, "versionGraphParse", "example-05",
         read(DATASETS[2], "version_control_info.json"))

    start = chunk_header_end(vals)
    seed(f, "lz4Decompress", "chunk-block", vals[start:])
    seed(f, "lz4Decompress", "sample-block", bytes_s[chunk_header_end(bytes_s):][:200])
    seed(f, "lz4Decompress", "empty-forms", b"\x00\x00\x00\x00\x00")

    # DatasetFuzzTest: [dataset][file index, BE u16][op][offset, BE u16][payload]
    # op: 0 replace, 1 overwrite at offset, 2 truncate at offset + append, 3 delete
    def keys_of(root):
        out = []
        for dirpath, _, files in os.walk(root):
            for n in files:
                out.append(os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, "/"))
        return sorted(out)

    ex05 = DATASETS[2]
    keys05 = keys_of(ex05)
    chunk_set = [k for k in keys05 if k.endswith("/a/chunk_set")][0]
    vals_key = only_chunk(lz4, "vals")
    js_meta = read(lz4, "js/tensor_meta.json")
    damages = [
        (0, "dataset_meta.json", 0, 0, read(lz4, "dataset_meta.json"), "undamaged"),
        (0, vals_key, 1, 7, b"\xff\xff\xff\x7f", "shape-rows-huge"),
        (0, vals_key, 1, chunk_header_end(vals), b"\x00\x00\x00\x80", "lz4-declares-2GB"),
        (0, vals_key, 2, 20, b"", "truncated-in-shape-table"),
        (0, vals_key, 3, 0, b"", "deleted"),
        (0, "words/chunks_index/unsharded", 1, 7, b"\x05", "width-5"),
        (0, "js/tensor_meta.json", 1, js_meta.index(b'"length": ') + 10, b"9", "length-9x"),
        (1, "big/tiles_index/unsharded", 1, 39, b"\x0b", "tile-shape-mismatch"),
        (1, "big/chunks/9c608665fcd540a3", 2, 30, b"", "tile-truncated"),
        (1, "seq/sequence_index/unsharded", 1, 7, b"\xff\xff\xff\xff", "sequence-huge"),
        (1, "seq/sequence_index/unsharded", 3, 0, b"", "sequence-deleted"),
        (1, "lnk/creds_index/unsharded", 1, 7, b"\x09\x00\x00\x00", "creds-index-9"),
        (1, "linked_creds.json", 1, 0, b"[", "creds-json-array"),
        (2, "version_control_info.json", 1, 2, b"X", "vci-corrupt"),
        (2, "version_control_info.json", 3, 0, b"", "vci-deleted"),
        (2, "commit_info.json", 2, 10, b"", "commit-info-truncated"),
        (2, chunk_set, 1, 0, b":::", "chunk-set-corrupt"),
        (3, "img_cc/chunks/f0f6ddf0cdb84d2e", 1, 19, b"\x07", "canvas-sample-wider"),
        (3, only_chunk(DATASETS[3], "img_png"), 1, 80, b"\x00\x00\x40\x00", "png-damaged"),
        (3, "js/tensor_meta.json", 3, 0, b"", "json-meta-deleted"),
        (4, "dataset_meta.json", 1, 0, b"{}", "meta-emptied"),
        (4, [k for k in keys_of(DATASETS[4]) if k.endswith("dataset_diff")][0], 2, 1, b"",
         "dataset-diff-truncated"),
    ]
    all_keys = [keys_of(r) for r in DATASETS]
    for d, key, op, off, payload, name in damages:
        i = all_keys[d].index(key)
        seed("DatasetFuzzTest", "readDamagedDataset", "d%d-%s" % (d, name),
             bytes([d, i >> 8, i & 255, op, off >> 8, off & 255]) + payload)

if __name__ == "__main__":
    main()
