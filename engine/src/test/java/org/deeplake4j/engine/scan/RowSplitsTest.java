package org.deeplake4j.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.filter.RowRanges;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

class RowSplitsTest {
  private static Dataset open(String fixture) {
    return Dataset.open(Fixtures.v3Fixtures().resolve(fixture).resolve("dataset").toString());
  }

  @Test
  void cutsFallOnChunkStarts() {
    try (Dataset ds = open("many_chunks")) {
      Tensor vec = ds.tensor("vec");
      ChunkIdEncoder enc = vec.chunkIdEncoder();
      long[] cuts = RowSplits.chunkStartRows(vec);
      assertThat(cuts).hasSize(enc.rows() - 1);
      for (int r = 1; r < enc.rows(); r++) {
        assertThat(cuts[r - 1]).isEqualTo(enc.last(r - 1) + 1);
      }
    }
  }

  @Test
  void planMergesChunksUpToTheTarget() {
    long[] cuts = {10, 20, 30, 40};
    RowRanges all = RowRanges.of(0, 50);
    assertThat(RowSplits.plan(all, cuts, 1, 1))
        .extracting(a -> a[0] + "-" + a[1])
        .containsExactly("0-10", "10-20", "20-30", "30-40", "40-50");
    assertThat(RowSplits.plan(all, cuts, 1, 25))
        .extracting(a -> a[0] + "-" + a[1])
        .containsExactly("0-20", "20-40", "40-50");
    assertThat(RowSplits.plan(all, cuts, 0, 1))
        .extracting(a -> a[0] + "-" + a[1])
        .containsExactly("0-50");
    RowRanges two = RowRanges.of(5, 15).union(RowRanges.of(35, 36));
    assertThat(RowSplits.plan(two, cuts, 1, 1))
        .extracting(a -> a[0] + "-" + a[1])
        .containsExactly("5-10", "10-15", "35-36");
  }

  @Test
  void sizeEstimates() {
    try (Dataset ds = open("many_chunks")) {
      assertThat(RowSplits.bytesPerRow(ds, ds.tensor("ids"))).isEqualTo(64.0);
      assertThat(RowSplits.storedBytes(ds, ds.tensor("vec"))).isGreaterThan(4096L * 10);
      assertThat(RowSplits.bytesPerRow(ds, ds.tensor("txt"))).isPositive();
    }
  }

  @Test
  void readRangeEqualsThePerSampleBytes() {
    for (String[] c :
        List.of(
            new String[] {"numeric_fixed", "f64"},
            new String[] {"numeric_fixed", "scalar_i32"},
            new String[] {"chunk_lz4", "vals"},
            new String[] {"chunk_lz4", "bytes_s"},
            new String[] {"many_chunks", "vec"},
            new String[] {"numeric_dynamic", "f32"},
            new String[] {"images_png", "images"})) {
      try (Dataset ds = open(c[0])) {
        Tensor t = ds.tensor(c[1]);
        long n = t.length();
        for (long[] r : new long[][] {{0, n}, {1, n - 1}, {n / 2, n / 2 + 1}, {3, 3}}) {
          ByteBuffer expected = ByteBuffer.allocate(1 << 20);
          for (long i = r[0]; i < r[1]; i++) {
            expected.put(t.numpy(i).buffer());
          }
          expected.flip();
          ByteBuffer actual = ByteBuffer.allocateDirect(1 << 20);
          long written = t.readRange(r[0], r[1], actual);
          actual.flip();
          assertThat(written)
              .as("%s/%s %d-%d", c[0], c[1], r[0], r[1])
              .isEqualTo(expected.remaining());
          assertThat(actual).as("%s/%s %d-%d", c[0], c[1], r[0], r[1]).isEqualTo(expected);
        }
      }
    }
  }
}
