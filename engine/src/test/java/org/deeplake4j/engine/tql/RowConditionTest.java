package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.RowCondition;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.Tql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RowCondition}: a condition evaluated over row ranges gives the rows {@link Tql#execute}
 * selects; {@link Query#isRowFilterOnly()} tells conditions from full statements.
 */
class RowConditionTest {
  private static final int N = 5_000;

  @TempDir Path dir;

  private Dataset write(boolean withShort) {
    Dataset ds = Dataset.create(dir.resolve("ds" + withShort).toString());
    ds.createTensor("x", TensorSpec.generic().withDtype("int32").withMaxChunkSize(4 << 10));
    ds.createTensor("t", TensorSpec.of("text").withMaxChunkSize(4 << 10));
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < N; i++) {
      row.put("x", (i * 37) % 101);
      row.put("t", "r" + (i % 7));
      ds.append(row);
    }
    if (withShort) {
      ds.createTensor("short", TensorSpec.generic().withDtype("int32"));
      for (int i = 0; i < 100; i++) {
        ds.tensor("short").append(i);
      }
    }
    return ds;
  }

  private static List<Long> byRanges(RowCondition c, long rows, int block) {
    List<Long> out = new ArrayList<>();
    boolean[] m = new boolean[block];
    for (long s = 0; s < rows; s += block) {
      int n = (int) Math.min(block, rows - s);
      int hits = c.test(s, n, m);
      int seen = 0;
      for (int i = 0; i < n; i++) {
        if (m[i]) {
          out.add(s + i);
          seen++;
        }
      }
      assertThat(hits).isEqualTo(seen);
    }
    return out;
  }

  private static List<Long> list(long[] a) {
    List<Long> out = new ArrayList<>();
    for (long v : a) {
      out.add(v);
    }
    return out;
  }

  @Test
  void rangesGiveTheRowsOfTheQuery() {
    rangesGiveTheRowsOfTheQuery(false);
    // a shorter tensor: rows past the dataset's length (100) never match
    rangesGiveTheRowsOfTheQuery(true);
  }

  private void rangesGiveTheRowsOfTheQuery(boolean withShort) {
    try (Dataset ds = write(withShort)) {
      for (String q :
          List.of(
              "SELECT * WHERE x > 50 AND t == 'r3'",
              "SELECT * WHERE x % 3 == 0 OR t IN ('r1', 'r2')",
              "SELECT * WHERE 1 == 1",
              "SELECT * WHERE 1 == 2")) {
        Query query = Tql.parse(q);
        assertThat(query.isRowFilterOnly()).as(q).isTrue();
        Expr where = RowCondition.conditionOf(query);
        long[] want = Tql.execute(ds, null, query);
        for (int block : new int[] {1, 333, 4096, 10_000}) {
          RowCondition c = RowCondition.bind(ds, where);
          assertThat(byRanges(c, N, block)).as(q + " / " + block).isEqualTo(list(want));
          c.release();
        }
      }
    }
  }

  @Test
  void tensorsAndErrors() {
    try (Dataset ds = write(false)) {
      RowCondition c = RowCondition.bind(ds, Tql.parseExpression("x > 3 AND t == 'r1' OR x == 1"));
      assertThat(c.tensors()).containsExactly("x", "t");
      assertThatThrownBy(() -> RowCondition.bind(ds, Tql.parseExpression("nope == 1")))
          .isInstanceOf(TqlSemanticException.class)
          .hasMessageContaining("nope");
    }
  }

  @Test
  void selectListsGroupsAndUngroupsShapeTheirResult() {
    for (String q :
        List.of(
            "SELECT * WHERE x > 1",
            "SELECT * ORDER BY x LIMIT 3",
            "SELECT * SAMPLE BY 1 LIMIT 5",
            "SELECT * EXPAND BY 1 1",
            "SELECT * WHERE x > 1 UNION SELECT * WHERE x < 0")) {
      assertThat(Tql.parse(q).selectsRows()).as(q).isTrue();
    }
    for (String q :
        List.of(
            "SELECT x",
            "SELECT COUNT() WHERE x > 1",
            "SELECT * GROUP BY t",
            "SELECT * UNGROUP BY t",
            "SELECT * WHERE x > 1 UNION SELECT x")) {
      assertThat(Tql.parse(q).selectsRows()).as(q).isFalse();
    }
  }

  @Test
  void fullStatementsAreNotRowFilters() {
    assertThat(Tql.parse("SELECT * WHERE x > 1").isRowFilterOnly()).isTrue();
    assertThat(Tql.parse("SELECT * FROM ds WHERE x > 1").isRowFilterOnly()).isTrue();
    assertThat(Tql.parse("SELECT *").isRowFilterOnly()).isTrue();
    assertThat(RowCondition.conditionOf(Tql.parse("SELECT *"))).isNull();
    for (String q :
        List.of(
            "SELECT * WHERE x > 1 LIMIT 3",
            "SELECT * WHERE x > 1 OFFSET 3",
            "SELECT * WHERE x > 1 ORDER BY x",
            "SELECT * SAMPLE BY 1 LIMIT 3",
            "SELECT * WHERE x > 1 EXPAND BY 1 1",
            "SELECT * GROUP BY x",
            "SELECT * UNGROUP BY x",
            "SELECT x WHERE x > 1",
            "(SELECT * WHERE x > 1) UNION (SELECT * WHERE x < 0)")) {
      assertThat(Tql.parse(q).isRowFilterOnly()).as(q).isFalse();
      assertThat(RowCondition.conditionOf(Tql.parse(q))).as(q).isNull();
    }
  }
}
