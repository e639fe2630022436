package org.deeplake4j.engine.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TopRows} equals a full sort of the same rows; only the key tensors are read. */
class TopRowsTest {

  @Test
  void selectsTheFirstRowsOfAFullSort(@TempDir Path dir) {
    int rows = 5000;
    SplittableRandom rnd = new SplittableRandom(3);
    long[] a = new long[rows];
    double[] f = new double[rows];
    try (Dataset ds = Dataset.create(dir.toString())) {
      ds.createTensor("a", TensorSpec.generic().withDtype("int16").withMaxChunkSize(1 << 10));
      ds.createTensor("f", TensorSpec.generic().withDtype("float32").withMaxChunkSize(1 << 11));
      ds.createTensor("u", TensorSpec.generic().withDtype("uint8"));
      for (int i = 0; i < rows; i++) {
        a[i] = rnd.nextInt(20) - 10; // many ties
        float v = i % 97 == 0 ? Float.NaN : (float) rnd.nextGaussian();
        if (i % 101 == 0) {
          v = i % 2 == 0 ? -0.0f : 0.0f;
        }
        f[i] = v;
        ds.append(java.util.Map.of("a", (short) a[i], "f", v, "u", 200));
      }
      for (int i = 0; i < 3000; i++) {
        ds.tensor("u").append(i % 256); // 'u' is longer: rows of 'a' and 'f' end first
      }
    }
    try (Dataset ds = Dataset.open(dir.toString())) {
      for (boolean desc : new boolean[] {false, true}) {
        for (boolean nullsFirst : new boolean[] {false, true}) {
          List<TopRows.Key> keys =
              List.of(new TopRows.Key("a", desc, nullsFirst), new TopRows.Key("f", !desc, true));
          Comparator<Long> cmp =
              (x, y) -> {
                int r = nullable(x < rows, y < rows, nullsFirst);
                if (r != 0 || x >= rows) {
                  return r;
                }
                r =
                    desc
                        ? Long.compare(a[y.intValue()], a[x.intValue()])
                        : Long.compare(a[x.intValue()], a[y.intValue()]);
                if (r != 0) {
                  return r;
                }
                double fx = f[x.intValue()] == 0 ? 0.0 : f[x.intValue()];
                double fy = f[y.intValue()] == 0 ? 0.0 : f[y.intValue()];
                r = !desc ? Double.compare(fy, fx) : Double.compare(fx, fy);
                return r != 0 ? r : Long.compare(x, y);
              };
          for (long[] range : new long[][] {{0, 8000}, {1234, 4321}, {4990, 6000}, {7000, 8000}}) {
            List<Long> all = new ArrayList<>(LongStream.range(range[0], range[1]).boxed().toList());
            all.sort(cmp);
            for (int n : new int[] {1, 7, 300}) {
              long[] got = TopRows.select(ds, keys, range[0], range[1], n);
              assertThat(got)
                  .as(
                      "desc %s nullsFirst %s range %d..%d n %d",
                      desc, nullsFirst, range[0], range[1], n)
                  .containsExactly(
                      all.subList(0, Math.min(n, all.size())).stream()
                          .mapToLong(Long::longValue)
                          .toArray());
            }
          }
        }
      }
    }
  }

  private static int nullable(boolean xValid, boolean yValid, boolean nullsFirst) {
    if (xValid == yValid) {
      return 0;
    }
    return !xValid == nullsFirst ? -1 : 1;
  }

  @Test
  void onlyScalarNumericKeys(@TempDir Path dir) {
    try (Dataset ds = Dataset.create(dir.toString())) {
      ds.createTensor("v", TensorSpec.generic().withDtype("float32"));
      ds.tensor("v").append(new float[] {1, 2});
    }
    try (Dataset ds = Dataset.open(dir.toString())) {
      assertThatThrownBy(
              () -> TopRows.select(ds, List.of(new TopRows.Key("v", false, false)), 0, 1, 1))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("'v' is not a scalar numeric tensor");
    }
  }
}
