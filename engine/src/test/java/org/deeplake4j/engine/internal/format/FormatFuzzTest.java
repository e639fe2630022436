package org.deeplake4j.engine.internal.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import java.util.stream.LongStream;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.types.CommitNode;

/**
 * Jazzer fuzz tests of every parser of the Deep Lake 3.x format. A parser given arbitrary bytes
 * either succeeds (and what it parsed can be used without error) or throws a {@link
 * DeepLakeException}; anything else (an index, argument, arithmetic or null-pointer exception, an
 * OutOfMemoryError, a hang) is a finding.
 *
 * <p>Plain {@code mvn test} runs only the seeds in {@code
 * src/test/resources/org/deeplake4j/engine/format/FormatFuzzTestInputs/<method>/} (real files of
 * the fixtures and every crash found so far). {@code JAZZER_FUZZ=1} fuzzes; see engine/FUZZING.md.
 */
class FormatFuzzTest {
  /** Samples of a chunk read per input: the first and the last ones. */
  private static final long SAMPLES = 32;

  /** 0..n-1 if short, else the first and the last {@link #SAMPLES} of them. */
  static long[] sampleIndices(long n) {
    if (n <= 2 * SAMPLES) {
      return LongStream.range(0, n).toArray();
    }
    return LongStream.concat(LongStream.range(0, SAMPLES), LongStream.range(n - SAMPLES, n))
        .toArray();
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void chunkParse(byte[] data) {
    Chunk c;
    try {
      c = Chunk.parse(data, "t/chunks/fuzz");
    } catch (DeepLakeException e) {
      return;
    }
    check(c.dataStart() + c.dataLength() == data.length, "data region ends at the file end");
    long n = c.numSamples();
    check(n >= 0, "sample count " + n);
    for (long i : sampleIndices(n)) {
      try {
        long[] s = c.shapeOf(i, 3);
        for (long d : s) {
          check(d >= 0 && d <= 0xFFFF_FFFFL, "shape dimension " + d);
        }
      } catch (DeepLakeException e) {
        // allowed
      }
      try {
        long[] r = c.byteRangeOf(i, c.dataLength());
        check(
            0 <= r[0] && r[0] <= r[1] && r[1] <= c.dataLength(),
            "byte range " + r[0] + ".." + r[1]);
      } catch (DeepLakeException e) {
        // allowed
      }
    }
  }

  @FuzzTest(maxDuration = "20s")
  void chunkIdEncoderParse(byte[] data) {
    ChunkIdEncoder e;
    try {
      e = ChunkIdEncoder.parse(data, "t/chunks_index/unsharded");
    } catch (DeepLakeException ex) {
      return;
    }
    long items = e.numItems();
    for (int r = 0; r < e.rows() && r < SAMPLES; r++) {
      e.id(r);
      check(e.first(r) <= e.last(r) + 1, "row " + r + " first after last");
      check(e.rowsWithSameLast(r) >= 1, "rowsWithSameLast");
      ChunkIdEncoder.nameOf(e.id(r));
    }
    if (items > 0) {
      for (long item : new long[] {0, items / 2, items - 1}) {
        int row = e.rowOf(item);
        check(row >= 0 && e.last(row) >= item, "row of item " + item);
      }
      check(e.rowOf(items) == -1, "row past the end");
    }
  }

  @FuzzTest(maxDuration = "20s")
  void tileEncoderParse(byte[] data) {
    TileEncoder t;
    try {
      t = TileEncoder.parse(data, "t/tiles_index/unsharded");
    } catch (DeepLakeException e) {
      return;
    }
    for (Map.Entry<Long, TileEncoder.Entry> e : t.entries().entrySet()) {
      long[] grid = e.getValue().grid();
      for (long g : grid) {
        check(g >= 0, "tile grid " + g);
      }
      check(t.get(e.getKey()) == e.getValue(), "lookup");
    }
  }

  private static void useTable(RunTable t, boolean ranges) {
    long count = t.count();
    check(count >= 0, "count " + count);
    for (int r = 0; r < t.rows() && r < SAMPLES; r++) {
      check(t.firstOf(r) <= t.lastOf(r), "row " + r);
      if (ranges) {
        long[] x = t.rangeOf(t.lastOf(r), r);
        check(x[0] <= x[1], "range");
      }
    }
    if (count > 0) {
      check(t.rowOf(count - 1) == t.rows() - 1, "last row");
      check(t.rowOf(count) == -1, "past the end");
    }
  }

  @FuzzTest(maxDuration = "20s")
  void encodersParseSequence(byte[] data) {
    try {
      useTable(Encoders.parseSequence(data, "t/sequence_index/unsharded"), true);
    } catch (DeepLakeException e) {
      // allowed
    }
  }

  @FuzzTest(maxDuration = "20s")
  void encodersParseCreds(byte[] data) {
    try {
      useTable(Encoders.parseCreds(data, "t/creds_index/unsharded"), false);
    } catch (DeepLakeException e) {
      // allowed
    }
  }

  @FuzzTest(maxDuration = "20s")
  void encodersParsePad(byte[] data) {
    try {
      long[] pad = Encoders.parsePad(data, "t/pad_index/unsharded");
      check(pad.length % 2 == 0, "pairs");
    } catch (DeepLakeException e) {
      // allowed
    }
  }

  @FuzzTest(maxDuration = "20s")
  void tensorMetaParse(byte[] data) {
    TensorMeta m;
    try {
      m = TensorMeta.parse(data, "t/tensor_meta.json");
    } catch (DeepLakeException e) {
      return;
    }
    m.displayHtype();
    m.numericDtype();
    m.isFixedShape();
    check(m.effectiveMaxChunkSize() != 0, "max chunk size");
    m.effectiveTilingThreshold();
    check(m.minShape().length == m.maxShape().length, "shape lengths");
    check(m.length() >= 0, "length");
    m.raw();
    m.hashCode();
  }

  @FuzzTest(maxDuration = "20s")
  void datasetMetaParse(byte[] data) {
    DatasetMeta m;
    try {
      m = DatasetMeta.parse(data, "dataset_meta.json");
    } catch (DeepLakeException e) {
      return;
    }
    for (String name : m.namesInKeyOrder()) {
      check(m.tensors().contains(m.tensorNames().get(name)), "name " + name);
    }
    for (String k : m.tensors()) {
      m.nameOfKey(k);
    }
    m.raw();
  }

  @FuzzTest(maxDuration = "20s")
  void versionGraphParse(byte[] data) {
    VersionGraph g;
    try {
      g = VersionGraph.parse(data, "version_control_info.json");
    } catch (DeepLakeException e) {
      return;
    }
    check(g.nodes().containsKey(VersionGraph.FIRST_COMMIT_ID), "root");
    for (String branch : g.branches().keySet()) {
      CommitNode head = g.resolve(branch, "fuzz");
      check(head != null, "head of " + branch);
    }
    for (String id : g.nodes().keySet()) {
      try {
        check(g.chain(id).get(0).equals(id), "chain of " + id);
        g.log(id);
      } catch (DeepLakeException e) {
        // allowed
      }
    }
  }

  @FuzzTest(maxDuration = "20s")
  void lz4Decompress(byte[] data) {
    try {
      byte[] out = Lz4.decompress(data, 0, data.length, "t/chunks/fuzz");
      check(out.length <= 255L * data.length + 16, "expansion");
    } catch (DeepLakeException e) {
      // allowed
    }
  }
}
