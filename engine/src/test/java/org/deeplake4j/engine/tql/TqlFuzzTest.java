package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.Tql;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Fuzzes the whole query path (lexer, parser, binder, executor) over a small dataset holding every
 * kind of tensor TQL reads: any input either runs, or fails with {@link TqlSyntaxException} or
 * {@link TqlSemanticException}; results are distinct rows of the dataset. Seeds live in {@code
 * TqlFuzzTestInputs/queries}; run with {@code JAZZER_FUZZ=1} to fuzz (see docs/tql.md).
 */
class TqlFuzzTest {
  private static final int ROWS = 6;
  private static final Dataset DS = dataset();

  private static NdArray ints(long[] shape, int... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return NdArray.of(Dtype.INT32, shape, b.array());
  }

  private static Dataset dataset() {
    Dataset ds = Dataset.create(new MemoryStorage("tql-fuzz"), true);
    ds.createTensor("x", TensorSpec.generic().withDtype("int32").withMaxChunkSize(16));
    ds.createTensor("f", TensorSpec.generic().withDtype("float32"));
    ds.createTensor("b", TensorSpec.generic().withDtype("bool"));
    ds.createTensor("t", TensorSpec.of("text"));
    ds.createTensor("j", TensorSpec.of("json"));
    ds.createTensor("l", TensorSpec.of("list"));
    ds.createTensor(
        "lbl", TensorSpec.of("class_label").withClassNames(List.of("cat", "dog", "bird")));
    ds.createTensor("e", TensorSpec.of("embedding").withDtype("float32"));
    ds.createTensor("m", TensorSpec.generic().withDtype("int64"));
    ds.createTensor("sq", TensorSpec.of("sequence[generic]").withDtype("int32"));
    String[] texts = {"abc", "", "é😀", "zz", "Abc", "\uFF5A"};
    for (int i = 0; i < ROWS; i++) {
      ds.tensor("x").append(i * 3 - 5);
      ds.tensor("f").append(i / 2.0f - 1);
      ds.tensor("b").append(i % 2 == 0);
      ds.tensor("t").append(texts[i]);
      ds.tensor("j")
          .append(
              Map.of(
                  "a", Map.of("b", List.of(i, 2)), "s", texts[i], "n", i * 12.5, "z", i % 3 == 0));
      ds.tensor("l").append(i == 1 ? List.of() : List.of("q", texts[i], "r" + i));
      ds.tensor("lbl").append(i % 3);
      ds.tensor("e").append(new float[] {i, 1 - i, 0.5f * i, i == 2 ? 0 : -1});
      List<int[]> items = new java.util.ArrayList<>();
      for (int k = 0; k < i % 3; k++) {
        items.add(new int[] {i, k});
      }
      ds.tensor("sq").append(items);
      ds.tensor("m")
          .append(
              i == 3
                  ? null
                  : i % 2 == 0
                      ? ints(new long[] {2, 2}, i, 2, 3, i + 1)
                      : ints(new long[] {3, 2}, 1, 2, i, 0, 5, 5));
    }
    ds.flush();
    return ds;
  }

  /** The largest result the harness lets a query ask for (SAMPLE BY draws LIMIT rows). */
  private static final long MAX_DRAWS = 10_000;

  /** Whether {@code q} draws with replacement (rows may repeat) and how many draws it may make. */
  private static long draws(Query q, boolean[] repeats) {
    if (q instanceof Query.SetOperation so) {
      return Math.max(draws(so.left(), repeats), draws(so.right(), repeats));
    }
    Query.Select s = (Query.Select) q;
    repeats[0] |= !s.ungroupBy().isEmpty(); // one row per sequence item
    if (s.sample() == null) {
      return 0;
    }
    repeats[0] |= s.sample().replace();
    long n = s.limit() == null ? ROWS : s.limit();
    long off = s.offset() == null ? 0 : s.offset();
    return n + off < 0 ? Long.MAX_VALUE : n + off;
  }

  @FuzzTest(maxDuration = "20s")
  @DictionaryEntries({
    "SELECT",
    "*",
    "WHERE",
    "ORDER BY",
    "LIMIT",
    "OFFSET",
    "GROUP BY",
    "UNGROUP BY",
    "EXPAND BY",
    "SAMPLE BY",
    "REPLACE",
    "TRUE",
    "FALSE",
    "AS",
    "MAX_WEIGHT(",
    "SUM_WEIGHT(",
    "COUNT(*)",
    "COUNT(",
    "SUM(",
    "AVG(",
    "MIN(",
    "MAX(",
    "SHAPE(",
    "CONTAINS(",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "ARRAY[",
    ":",
    ",",
    "lbl",
    "x",
    "f",
    "t",
    "j['a']",
    "m[:, 0]"
  })
  void queries(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Query q;
    try {
      q = Tql.parse(text);
    } catch (TqlSyntaxException e) {
      assertThat(e.line()).isPositive();
      assertThat(e.column()).isPositive();
      assertThat(e.getMessage()).startsWith("TQL syntax error at line ");
      return;
    }
    assertThat(Tql.parse(text)).isEqualTo(q);
    boolean[] repeats = {false};
    if (draws(q, repeats) > MAX_DRAWS) {
      return; // a huge sample is a legitimate request for memory, not a finding
    }
    QueryResult res;
    try {
      res = Tql.run(DS, null, q, QueryOptions.seed(input.length));
    } catch (TqlSemanticException e) {
      assertThat(e.subject()).isNotEmpty();
      assertThat(e.getMessage()).isNotEmpty();
      return;
    }
    long[] rows = res.rows();
    assertThat(Arrays.stream(rows).allMatch(r -> r >= 0 && r < ROWS)).isTrue();
    if (!repeats[0]) {
      assertThat(Arrays.stream(rows).distinct().count()).isEqualTo(rows.length);
    }
    if (res.groups() != null) {
      assertThat(res.groups().length).isEqualTo(rows.length);
      for (int i = 0; i < rows.length; i++) {
        assertThat(res.groups()[i]).isNotEmpty().contains(rows[i]);
      }
    }
    if (res.items() != null) {
      assertThat(res.items().length).isEqualTo(rows.length);
    }
    if (res.columns() != null) {
      for (ResultColumn c : res.columns()) {
        assertThat(c.length()).isIn(-1, rows.length);
      }
    }
  }
}
