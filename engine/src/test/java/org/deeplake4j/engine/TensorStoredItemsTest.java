package org.deeplake4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tensor#readStoredItems} feeds exactly what {@link Tensor#itemBytes} returns, on uncached
 * handles (ranged reads of parts of chunks, long headers) and cached ones, for generated and
 * fixture tensors.
 */
class TensorStoredItemsTest {

  private static List<byte[]> stored(Tensor t, long start, long end) {
    List<byte[]> out = new ArrayList<>();
    long[] next = {start};
    t.readStoredItems(
        start,
        end,
        (row, src, off, len) -> {
          assertThat(row).isEqualTo(next[0]++);
          out.add(Arrays.copyOfRange(src, off, off + len));
        });
    assertThat(next[0]).isEqualTo(end);
    return out;
  }

  private static void check(String path, String tensor) {
    try (Dataset ref = Dataset.open(path)) {
      Tensor r = ref.tensor(tensor);
      long n = r.length();
      long[][] ranges = {{0, n}, {0, n / 2}, {n / 3, n}, {n / 5, n / 5 + 7 > n ? n : n / 5 + 7}};
      for (long[] range : ranges) {
        try (Dataset fresh = Dataset.open(path)) {
          Tensor t = fresh.tensor(tensor);
          long mid = (range[0] + range[1]) / 2;
          List<byte[]> got = new ArrayList<>(stored(t, range[0], mid));
          got.addAll(stored(t, mid, range[1]));
          got.addAll(stored(t, range[0], range[1])); // again: header kept or chunk cached
          for (int pass = 0; pass < 2; pass++) {
            for (long i = range[0]; i < range[1]; i++) {
              byte[] want = r.itemBytes(i);
              int at = (int) (pass * (range[1] - range[0]) + (i - range[0]));
              assertThat(got.get(at)).as("%s row %d", tensor, i).isEqualTo(want);
            }
          }
        }
      }
    }
  }

  @Test
  void equalsItemBytesOnGeneratedText(@TempDir Path dir) {
    String p = dir.toString();
    try (Dataset ds = Dataset.create(p)) {
      // Varying lengths: many byte-position rows, so headers outgrow the first probe.
      ds.createTensor("t", TensorSpec.of("text").withMaxChunkSize(64 << 10));
      ds.createTensor("z", TensorSpec.of("text").withChunkCompression("lz4"));
      ds.createTensor("j", TensorSpec.of("json").withMaxChunkSize(2 << 10));
      for (int i = 0; i < 1500; i++) {
        ds.tensor("t").append("r" + i + "é".repeat(i % 7));
        ds.tensor("z").append("z" + i);
        ds.tensor("j").append(java.util.Map.of("k", i));
      }
    }
    check(p, "t");
    check(p, "z");
    check(p, "j");
  }

  @Test
  void equalsItemBytesOnFixtureTextTensors() {
    int checked = 0;
    for (Path c : Fixtures.cases()) {
      String p = c.resolve("dataset").toString();
      try (Dataset ds = Dataset.open(p)) {
        for (String name : ds.tensorNames(true)) {
          Tensor t = ds.tensor(name);
          if (!"text".equals(t.baseHtype()) || t.isSequence() || t.length() == 0) {
            continue;
          }
          check(p, name);
          if (++checked == 3) {
            return;
          }
        }
      }
    }
    assertThat(checked).isPositive();
  }
}
