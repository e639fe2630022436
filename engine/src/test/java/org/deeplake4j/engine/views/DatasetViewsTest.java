package org.deeplake4j.engine.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;

/** Views from index lists, slices, predicates and random splits. */
class DatasetViewsTest {
  static final int N = 50;

  static NdArray longs(long... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(v);
    return NdArray.of(Dtype.INT64, new long[] {v.length}, b.array());
  }

  /** x int64 = i, t text "s<i>", big float32 [64] (8 rows a chunk), N rows. */
  static void fill(Dataset ds) {
    ds.createTensor("x", TensorSpec.generic().withDtype("int64").withMaxChunkSize(80));
    ds.createTensor("t", TensorSpec.of("text"));
    ds.createTensor("big", TensorSpec.generic().withDtype("float32").withMaxChunkSize(2100));
    ds.tensor("x").extend(longs(LongStream.range(0, N).toArray()));
    float[] f = new float[N * 64];
    for (int i = 0; i < f.length; i++) {
      f[i] = i;
    }
    ByteBuffer b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(f);
    ds.tensor("big").extend(NdArray.of(Dtype.FLOAT32, new long[] {N, 64}, b.array()));
    for (int i = 0; i < N; i++) {
      ds.tensor("t").append("s" + i);
    }
    ds.flush();
  }

  @Test
  void indexListsAndSlicesFollowPython() {
    try (Dataset ds = Dataset.create(new MemoryStorage(), true)) {
      fill(ds);
      DatasetView v = ds.view(new long[] {3, 1, 4, 1});
      assertThat(v.indices()).containsExactly(3, 1, 4, 1);
      assertThat(v.tensor("t").text(2)).isEqualTo("s4");
      assertThat(v.view(new long[] {3, 0}).indices()).containsExactly(1, 3);
      assertThatThrownBy(() -> ds.view(new long[] {N}))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(ds.view(2, 8, 2).indices()).containsExactly(2, 4, 6);
      assertThat(ds.view(-3, Long.MAX_VALUE, 1).indices()).containsExactly(47, 48, 49);
      assertThat(ds.view(Long.MAX_VALUE, -1 - N, -1).length()).isEqualTo(N);
      assertThat(ds.view(5, 0, -2).indices()).containsExactly(5, 3, 1);
      assertThat(ds.view(-1, -4, -1).indices()).containsExactly(49, 48, 47);
      assertThat(ds.view(10, 5, 1).length()).isZero();
      assertThat(ds.view(0, 100, 7).indices()).containsExactly(0, 7, 14, 21, 28, 35, 42, 49);
      assertThatThrownBy(() -> ds.view(0, 5, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("step cannot be zero");
      // slices of views index the view's rows
      DatasetView w = ds.view(10, 20, 1).view(-1, -11, -3);
      assertThat(w.indices()).containsExactly(19, 16, 13, 10);
      assertThat(w.tensor("x").numpy(1).getLong(0)).isEqualTo(16);
      assertThat(w.queryText()).isEmpty();
    }
  }

  @Test
  void filterRunsInViewOrderAndReadsOnlyTheTensorsItAsksFor() {
    MemoryStorage mem = new MemoryStorage();
    try (Dataset w = Dataset.create(mem, true)) {
      fill(w);
      w.commit("data");
    }
    List<String> reads = Collections.synchronizedList(new ArrayList<>());
    Storage counting = counting(mem, reads);
    try (Dataset ds = Dataset.open(counting, OpenOptions.defaults())) {
      List<Long> seen = new ArrayList<>();
      DatasetView odd =
          ds.view(40, 10, -1)
              .filter(
                  r -> {
                    seen.add(r.index());
                    assertThat(r.viewIndex()).isEqualTo(seen.size() - 1);
                    return r.longValue("x") % 2 == 1;
                  });
      assertThat(seen).hasSize(30).startsWith(40L, 39L, 38L);
      assertThat(odd.indices()).startsWith(39, 37, 35).hasSize(15);
      assertThat(reads).anyMatch(k -> k.contains("x/chunks/"));
      assertThat(reads).noneMatch(k -> k.contains("big/chunks/") || k.contains("t/chunks/"));
      DatasetView s = ds.filter(r -> r.text("t").endsWith("7") && r.numpy("big").size() == 64);
      assertThat(s.indices()).containsExactly(7, 17, 27, 37, 47);
      assertThat(ds.filter(r -> false).length()).isZero();
      DatasetView typed =
          ds.filter(
              r ->
                  r.value("t").equals("s3")
                      && ((NdArray) r.value("x")).getLong(0) == 3
                      && r.doubleValue("x") == 3.0
                      && r.shape("big")[0] == 64
                      && r.tensorNames().contains("big"));
      assertThat(typed.indices()).containsExactly(3);
      assertThatThrownBy(() -> ds.filter(r -> r.longValue("big") > 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has 64 elements");
    }
  }

  static Storage counting(Storage delegate, List<String> reads) {
    return (Storage)
        Proxy.newProxyInstance(
            Storage.class.getClassLoader(),
            new Class<?>[] {Storage.class},
            (p, m, args) -> {
              String n = m.getName();
              if ((n.equals("get") || n.equals("getRange") || n.equals("readInto"))
                  && args != null
                  && args[0] instanceof String k) {
                reads.add(k);
              }
              if (n.equals("readOnly")) {
                return p;
              }
              try {
                return m.invoke(delegate, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void randomSplitsCoverEveryRowOnceWithPythonsLengths() {
    try (Dataset ds = Dataset.create(new MemoryStorage(), true)) {
      fill(ds);
      List<DatasetView> s = ds.randomSplit(new double[] {0.7, 0.2, 0.1}, 42);
      // floor(35.0)=35, floor(10.0)=10, floor(5.0)=5 -> no remainder
      assertThat(s).extracting(DatasetView::length).containsExactly(35L, 10L, 5L);
      assertDisjointCover(s, N);
      assertThat(ds.randomSplit(new double[] {0.7, 0.2, 0.1}, 42).get(0).indices())
          .containsExactly(s.get(0).indices());
      assertThat(ds.randomSplit(new double[] {0.7, 0.2, 0.1}, 43).get(0).indices())
          .isNotEqualTo(s.get(0).indices());
      // 50 * 1/3 = 16.67 -> 16 each, remainder 2 dealt round-robin from the first split
      List<DatasetView> thirds = ds.randomSplit(1 / 3.0, 1 / 3.0, 1 / 3.0);
      assertThat(thirds).extracting(DatasetView::length).containsExactly(17L, 17L, 16L);
      assertDisjointCover(thirds, N);
      List<DatasetView> byLen = ds.randomSplit(30, 20);
      assertThat(byLen).extracting(DatasetView::length).containsExactly(30L, 20L);
      assertDisjointCover(byLen, N);
      assertThat(ds.randomSplit(new long[] {25, 25}, 7).get(1).indices())
          .containsExactly(ds.randomSplit(new long[] {25, 25}, 7).get(1).indices());
      // splits of a view split the view's rows
      DatasetView v = ds.view(0, 10, 1);
      List<DatasetView> vs = v.randomSplit(new double[] {0.5, 0.5}, 1);
      assertDisjointCover(vs, 10);
      assertThatThrownBy(() -> ds.randomSplit(30, 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sum to 40, not to the 50 rows");
      assertThatThrownBy(() -> ds.randomSplit(0.5, 0.6))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not to 1");
      assertThatThrownBy(() -> ds.randomSplit(1.5, -0.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("index 0 is not between 0 and 1");
      ds.tensor("x").append(longs(99));
      assertThatThrownBy(() -> ds.randomSplit(0.5, 0.5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("equal length");
    }
  }

  static void assertDisjointCover(List<DatasetView> splits, int n) {
    Set<Long> all = new HashSet<>();
    long total = 0;
    for (DatasetView v : splits) {
      for (long i : v.indices()) {
        all.add(i);
      }
      total += v.length();
    }
    assertThat(total).isEqualTo(n);
    assertThat(all).hasSize(n);
  }
}
