package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.TensorView;
import org.deeplake4j.engine.Tql;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views (reading and re-querying), datasets written by this engine (names with spaces, unicode
 * ordering, many chunks), the bulk path against the row-at-a-time path, and what a query reads.
 */
class TqlViewTest {
  private static final int N = 300;

  @TempDir Path dir;

  private static int x(int i) {
    return (i * 37) % 101 - 50;
  }

  private static float f(int i) {
    return (float) Math.sin(i) * 10;
  }

  private static NdArray ints(int... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return NdArray.of(Dtype.INT32, new long[] {v.length}, b.array());
  }

  private static NdArray floats(long[] shape, float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return NdArray.of(Dtype.FLOAT32, shape, b.array());
  }

  /** x int32 (8 rows a chunk), f float32, "my name" text, "grp/lbl" labels, emb [4], attrs json. */
  private static void fill(Dataset ds) {
    ds.createTensor("x", TensorSpec.generic().withDtype("int32").withMaxChunkSize(64));
    ds.createTensor("f", TensorSpec.generic().withDtype("float32").withMaxChunkSize(256));
    ds.createTensor("my name", TensorSpec.of("text"));
    ds.createTensor("grp/lbl", TensorSpec.of("class_label").withClassNames(List.of("a", "b", "c")));
    ds.createTensor("emb", TensorSpec.of("embedding").withDtype("float32").withMaxChunkSize(200));
    ds.createTensor("attrs", TensorSpec.of("json"));
    int[] xs = new int[N];
    float[] fs = new float[N];
    int[] ls = new int[N];
    float[] es = new float[N * 4];
    for (int i = 0; i < N; i++) {
      xs[i] = x(i);
      fs[i] = f(i);
      ls[i] = i % 3;
      for (int k = 0; k < 4; k++) {
        es[4 * i + k] = (float) Math.cos(i * (k + 1));
      }
    }
    ds.tensor("x").extend(ints(xs));
    ds.tensor("f").extend(floats(new long[] {N}, fs));
    ds.tensor("grp/lbl").extend(ints(ls));
    ds.tensor("emb").extend(floats(new long[] {N, 4}, es));
    String[] names = {"a", "\uFF5A", "😀", "", "abc", "Z"};
    for (int i = 0; i < N; i++) {
      ds.tensor("my name").append(names[i % names.length] + (i >= names.length ? i : ""));
      ds.tensor("attrs").append(Map.of("k", i, "s", i % 2 == 0 ? "even" : "odd"));
    }
    ds.flush();
  }

  private Dataset written() {
    Dataset ds = Dataset.create(dir.resolve("ds").toString(), true);
    fill(ds);
    return ds;
  }

  private static long[] rows(IntPredicate p) {
    return IntStream.range(0, N).filter(p).asLongStream().toArray();
  }

  @Test
  void viewsReadLikeTheirDataset() {
    try (Dataset ds = written()) {
      DatasetView v = ds.query("SELECT * WHERE x > 0 ORDER BY f DESC LIMIT 20");
      long[] exp =
          IntStream.range(0, N)
              .filter(i -> x(i) > 0)
              .boxed()
              .sorted(Comparator.comparingDouble((Integer i) -> -f(i)).thenComparing(i -> i))
              .limit(20)
              .mapToLong(Integer::longValue)
              .toArray();
      assertThat(v.indices()).containsExactly(exp);
      assertThat(v.length()).isEqualTo(20);
      assertThat(v.dataset()).isSameAs(ds);
      assertThat(v.tensorNames()).isEqualTo(ds.tensorNames());
      assertThat(v.tensors().keySet()).containsExactlyElementsOf(ds.tensorNames());
      for (int i = 0; i < v.length(); i++) {
        long r = v.index(i);
        assertThat(v.tensor("x").numpy(i).toBytes()).isEqualTo(ds.tensor("x").numpy(r).toBytes());
        assertThat(v.tensor("emb").shape(i)).containsExactly(4);
        assertThat(v.tensor("my name").text(i)).isEqualTo(ds.tensor("my name").text(r));
        assertThat(v.tensor("attrs").json(i).get("k").asLong()).isEqualTo(r);
        assertThat(v.tensor("x").bytes(i)).isEqualTo(ds.tensor("x").bytes(r));
      }
      TensorView lbl = v.tensor("grp/lbl");
      assertThat(lbl.classNames()).containsExactly("a", "b", "c");
      assertThat(lbl.htype()).isEqualTo("class_label");
      assertThat(lbl.length()).isEqualTo(20);
      assertThat(lbl.index(3)).isEqualTo(exp[3]);
      assertThat(lbl.tensor()).isSameAs(ds.tensor("grp/lbl"));
      assertThatThrownBy(() -> v.index(20))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("row 20 of a view of 20 rows");
      assertThatThrownBy(() -> lbl.numpy(-1))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessageContaining("tensor 'grp/lbl'");
      long[] copy = v.indices();
      copy[0] = -5;
      assertThat(v.index(0)).isEqualTo(exp[0]);
      assertThat(v.toString()).contains("20 rows");
    }
  }

  @Test
  void viewsCanBeQueriedAgainInViewOrder() {
    try (Dataset ds = written()) {
      DatasetView v = ds.query("SELECT * ORDER BY f");
      long[] byF =
          IntStream.range(0, N)
              .boxed()
              .sorted(Comparator.comparingDouble((Integer i) -> f(i)).thenComparing(i -> i))
              .mapToLong(Integer::longValue)
              .toArray();
      assertThat(v.indices()).containsExactly(byF);
      // WHERE keeps the view's order.
      long[] even = Arrays.stream(byF).filter(r -> x((int) r) % 2 == 0).toArray();
      assertThat(v.query("SELECT * WHERE x % 2 == 0").indices()).containsExactly(even);
      // LIMIT/OFFSET take positions of the view.
      assertThat(v.query("SELECT * LIMIT 3 OFFSET 2").indices())
          .containsExactly(Arrays.copyOfRange(byF, 2, 5));
      assertThat(v.query("SELECT * WHERE x > 10 LIMIT 4").indices())
          .containsExactly(Arrays.stream(byF).filter(r -> x((int) r) > 10).limit(4).toArray());
      // ORDER BY ties keep the view's order.
      long[] byLabel =
          Arrays.stream(byF)
              .boxed()
              .sorted(Comparator.comparingLong(r -> r % 3))
              .mapToLong(Long::longValue)
              .toArray();
      assertThat(v.query("SELECT * ORDER BY \"grp/lbl\"").indices()).containsExactly(byLabel);
      assertThat(v.query("SELECT * ORDER BY \"grp/lbl\" LIMIT 10").indices())
          .containsExactly(Arrays.copyOf(byLabel, 10));
      // Set operations list rows in the view's order.
      long[] union = Arrays.stream(byF).filter(r -> x((int) r) > 40 || r % 3 == 1).toArray();
      assertThat(
              v.query("(SELECT * WHERE x > 40) UNION (SELECT * WHERE \"grp/lbl\" == 'b')")
                  .indices())
          .containsExactly(union);
      // A view of a view lists dataset rows.
      DatasetView top = v.query("SELECT * ORDER BY x DESC LIMIT 5");
      DatasetView again = top.query("SELECT * WHERE x > -1000");
      assertThat(again.indices()).containsExactly(top.indices());
      assertThat(v.query("SELECT * WHERE x > 1000").length()).isZero();
      assertThat(v.query("SELECT * WHERE x > 1000").query("SELECT * ORDER BY f").length()).isZero();
    }
  }

  @Test
  void namesWithSpacesAndCodePointOrder() {
    try (Dataset ds = written()) {
      List<String> text = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        text.add(ds.tensor("my name").text(i));
      }
      long[] exp =
          IntStream.range(0, N)
              .boxed()
              .sorted((a, b) -> FixtureRows.byCodePoint(text.get(a), text.get(b)))
              .mapToLong(Integer::longValue)
              .toArray();
      assertThat(ds.query("SELECT * ORDER BY \"my name\"").indices()).containsExactly(exp);
      // U+FF5A sorts below U+1F600 by code point, above it in UTF-16 units.
      assertThat(exp).containsSubsequence(1L, 2L);
      assertThat(
              ds.query("SELECT * WHERE \"my name\" > '\uFF5A' AND \"my name\" < '\uFF5B'")
                  .indices())
          .containsExactly(rows(i -> text.get(i).startsWith("\uFF5A") && text.get(i).length() > 1));
      assertThat(ds.query("SELECT * WHERE \"my name\" >= '😀'").indices())
          .containsExactly(rows(i -> text.get(i).startsWith("😀")));
      assertThat(ds.query("SELECT * WHERE attrs['s'] == 'odd' AND \"grp/lbl\" == 'c'").indices())
          .containsExactly(rows(i -> i % 2 == 1 && i % 3 == 2));
    }
  }

  @Test
  void bulkAndRowAtATimePathsAgree() {
    SplittableRandom rnd = new SplittableRandom(7);
    String[] dtypes = {
      "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64", "bool"
    };
    try (Dataset ds = Dataset.create(dir.resolve("dtypes").toString())) {
      for (String dt : dtypes) {
        ds.createTensor(dt, TensorSpec.generic().withDtype(dt).withMaxChunkSize(96));
      }
      for (int i = 0; i < 500; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String dt : dtypes) {
          row.put(
              dt,
              switch (dt) {
                case "bool" -> rnd.nextBoolean();
                case "float32", "float64" -> rnd.nextDouble(-100, 100);
                case "uint8", "uint16", "uint32" -> (long) rnd.nextInt(0, 200);
                // wrapped here: an int8 tensor refuses values outside [-128, 127]
                case "int8" -> (long) (byte) rnd.nextInt(-150, 150);
                default -> (long) rnd.nextInt(-150, 150);
              });
        }
        ds.append(row);
      }
      ds.flush();
      String[] preds = {
        "%s > 10",
        "%s <= -3",
        "%s == 7",
        "%s != 0",
        "%s BETWEEN -20 AND 20",
        "%s IN (1, 2, 3, 100)",
        "%s * 3 - 1 > 40",
        "%s %% 7 == 2",
        "-%s >= 5",
        "%s / 4 < 2.5",
        "NOT %s > 0 OR %s < -50"
      };
      for (String dt : dtypes) {
        String col = "\"" + dt + "\"";
        for (String p : preds) {
          String bulk = "SELECT * WHERE " + p.replace("%s", col).replace("%%", "%");
          String row = "SELECT * WHERE " + p.replace("%s", col + "[0]").replace("%%", "%");
          assertThat(ds.query(bulk).indices()).as(bulk).containsExactly(ds.query(row).indices());
        }
        for (String dir : new String[] {"ASC", "DESC"}) {
          assertThat(ds.query("SELECT * ORDER BY " + col + " " + dir + " LIMIT 17").indices())
              .as("%s %s", dt, dir)
              .containsExactly(
                  ds.query("SELECT * ORDER BY " + col + "[0] " + dir + " LIMIT 17").indices());
          assertThat(ds.query("SELECT * ORDER BY " + col + " " + dir).indices())
              .containsExactly(ds.query("SELECT * ORDER BY " + col + "[0] " + dir).indices());
        }
      }
      // Independent check of one of them.
      long[] exp = new long[0];
      List<Long> hits = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        if (ds.tensor("int16").numpy(i).getLong(0) > 10) {
          hits.add((long) i);
        }
      }
      exp = hits.stream().mapToLong(Long::longValue).toArray();
      assertThat(ds.query("SELECT * WHERE int16 > 10").indices()).containsExactly(exp);
    }
  }

  @Test
  void readsOnlyTheNamedTensorsAndStopsEarlyWithLimit() {
    MemoryStorage mem = new MemoryStorage();
    try (Dataset ds = Dataset.create(mem, true)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int32").withMaxChunkSize(64));
      ds.createTensor("other", TensorSpec.generic().withDtype("int32").withMaxChunkSize(64));
      int n = 4000;
      int[] v = new int[n];
      for (int i = 0; i < n; i++) {
        v[i] = i;
      }
      ds.tensor("x").extend(ints(v));
      ds.tensor("other").extend(ints(v));
      ds.flush();
    }
    CountingStorage counting = new CountingStorage(mem);
    try (Dataset ds = Dataset.open(counting, OpenOptions.defaults())) {
      int chunks = ds.tensor("x").numChunks();
      assertThat(chunks).isGreaterThan(400);
      counting.reset();
      assertThat(ds.query("SELECT * LIMIT 5").indices()).containsExactly(0, 1, 2, 3, 4);
      assertThat(counting.chunkReads()).isZero();
      counting.reset();
      assertThat(ds.query("SELECT * WHERE x >= 0 LIMIT 3").indices()).containsExactly(0, 1, 2);
      assertThat(counting.chunkReads("x")).isBetween(1L, 2L);
      assertThat(counting.chunkReads("other")).isZero();
      counting.reset();
      assertThat(ds.query("SELECT * WHERE x >= 1000 LIMIT 3").indices())
          .containsExactly(1000, 1001, 1002);
      assertThat(counting.chunkReads("x")).isLessThan(chunks / 2);
      counting.reset();
      assertThat(ds.query("SELECT * WHERE x > 100000").length()).isZero();
      assertThat(counting.chunkReads("x")).isEqualTo(chunks);
      assertThat(counting.chunkReads("other")).isZero();
      counting.reset();
      assertThat(ds.query("SELECT * ORDER BY x DESC LIMIT 2").indices())
          .containsExactly(3999, 3998);
      assertThat(counting.chunkReads("x")).isEqualTo(chunks);
      assertThat(counting.chunkReads("other")).isZero();
    }
  }

  @Test
  void queriesSeePendingWritesAndRejectStaleRows() {
    try (Dataset ds = written()) {
      ds.tensor("x").append(1000);
      ds.tensor("f").append(1.5f);
      ds.tensor("my name").append("late");
      ds.tensor("grp/lbl").append("c");
      ds.tensor("emb").append(new float[] {1, 2, 3, 4});
      ds.tensor("attrs").append(Map.of("k", N));
      assertThat(ds.query("SELECT * WHERE x == 1000").indices()).containsExactly(N);
      assertThat(Tql.execute(ds, new long[] {5, N, 2}, Tql.parse("SELECT * WHERE x > -1000")))
          .containsExactly(5, N, 2);
      assertThatThrownBy(() -> Tql.execute(ds, new long[] {N + 1}, Tql.parse("SELECT *")))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("view row " + (N + 1) + " is outside the dataset's " + (N + 1));
      assertThat(Tql.execute(ds, "SELECT * WHERE \"my name\" == 'late'")).containsExactly(N);
    }
  }

  @Test
  void sequenceAndLinkTensorsAreRefusedByName() {
    try (Dataset ds = Dataset.create(dir.resolve("seq").toString())) {
      ds.createTensor("s", TensorSpec.of("sequence[generic]"));
      ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
      ds.tensor("s").append(List.of(new int[] {1}, new int[] {2}));
      ds.tensor("x").append(1);
      ds.flush();
      assertThatThrownBy(() -> ds.query("SELECT * WHERE s == 1"))
          .isInstanceOf(TqlSemanticException.class)
          .hasMessageContaining("tensor 's' is sequence[generic]")
          .extracting(e -> ((TqlSemanticException) e).subject())
          .isEqualTo("s");
      assertThat(ds.query("SELECT * WHERE x == 1").indices()).containsExactly(0);
      assertThat(ds.query("SELECT * WHERE _x_id >= 0").indices()).containsExactly(0);
    }
  }
}
