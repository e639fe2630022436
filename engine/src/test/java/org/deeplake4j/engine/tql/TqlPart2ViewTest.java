package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.TensorView;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.types.Dtype;
import org.junit.jupiter.api.Test;

/**
 * UNGROUP BY over sequence tensors and GROUP BY views over data this engine writes, with expected
 * results computed here from the values written.
 */
class TqlPart2ViewTest {
  /** Row i: x = 10 * i, seq = SEQ[i] (items of two int32), frames = as many texts as seq items. */
  private static final int[][][] SEQ = {
    {{1, 2}, {3, 4}}, {{5, 6}}, {}, {{7, 8}, {9, 10}, {11, 12}}, {{13, 14}}
  };

  private static Dataset dataset() {
    Dataset ds = Dataset.create(new MemoryStorage("tql-part2"), true);
    ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
    ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
    ds.createTensor("frames", TensorSpec.of("sequence[text]"));
    ds.createTensor("odd", TensorSpec.of("sequence[generic]").withDtype("int32"));
    for (int i = 0; i < SEQ.length; i++) {
      ds.tensor("x").append(10 * i);
      List<int[]> items = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (int k = 0; k < SEQ[i].length; k++) {
        items.add(SEQ[i][k]);
        texts.add("r" + i + "i" + k);
      }
      ds.tensor("seq").append(items);
      ds.tensor("frames").append(texts);
      ds.tensor("odd").append(i == 3 ? List.of(new int[] {1}) : items);
    }
    ds.flush();
    return ds;
  }

  @Test
  void ungroupBySplitsSequencesIntoRows() {
    try (Dataset ds = dataset()) {
      DatasetView v = ds.query("SELECT * WHERE x >= 10 UNGROUP BY seq, frames");
      List<Long> rows = new ArrayList<>();
      List<Long> items = new ArrayList<>();
      for (int i = 1; i < SEQ.length; i++) {
        for (int k = 0; k < SEQ[i].length; k++) {
          rows.add((long) i);
          items.add((long) k);
        }
      }
      assertThat(v.indices()).containsExactly(rows.stream().mapToLong(Long::longValue).toArray());
      TensorView seq = v.tensor("seq");
      assertThat(seq.isSequence()).isFalse();
      for (int i = 0; i < v.length(); i++) {
        int row = rows.get(i).intValue();
        int k = items.get(i).intValue();
        assertThat(v.itemIndex(i)).isEqualTo(k);
        assertThat(seq.numpy(i).toIntArray()).containsExactly(SEQ[row][k]);
        assertThat(seq.shape(i)).containsExactly(2);
        assertThat(v.tensor("frames").text(i)).isEqualTo("r" + row + "i" + k);
        assertThat(v.tensor("x").numpy(i).toIntArray()).containsExactly(10 * row);
      }
      // ORDER BY sorts rows before the split; OFFSET/LIMIT count items; a select list reads them
      DatasetView w =
          ds.query(
              "SELECT x, seq AS s, x * 2 AS y UNGROUP BY seq ORDER BY x DESC LIMIT 3 OFFSET 1");
      assertThat(w.indices()).containsExactly(3, 3, 3);
      assertThat(w.tensor("s").numpy(0).toIntArray()).containsExactly(SEQ[3][0]);
      assertThat(w.tensor("s").numpy(2).toIntArray()).containsExactly(SEQ[3][2]);
      assertThat(w.tensor("y").numpy(1).toLongArray()).containsExactly(60);
      // a tensor that is not a sequence has nothing to split
      assertThat(ds.query("SELECT * UNGROUP BY x").indices()).containsExactly(0, 1, 2, 3, 4);
      assertThat(ds.query("SELECT * UNGROUP BY x").itemIndex(0)).isEqualTo(-1);
    }
  }

  @Test
  void ungroupByNeedsSequencesOfEqualLength() {
    try (Dataset ds = dataset()) {
      assertThatThrownBy(() -> ds.query("SELECT * UNGROUP BY seq, odd"))
          .isInstanceOf(TqlSemanticException.class)
          .hasMessageContaining(
              "UNGROUP BY splits sequences of equal length, but 'odd' has 1 items where 'seq' has 3")
          .hasMessageContaining("at dataset row 3");
    }
  }

  @Test
  void groupedViewsRoundTripThroughUngroupAndRenderRows() {
    try (Dataset ds = Dataset.create(new MemoryStorage("tql-part2-groups"), true)) {
      ds.createTensor("k", TensorSpec.of("class_label").withClassNames(List.of("a", "b", "c")));
      ds.createTensor("v", TensorSpec.generic().withDtype("float32"));
      ds.createTensor("name", TensorSpec.of("text"));
      Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
      int n = 50;
      for (int i = 0; i < n; i++) {
        int k = (i * 7) % 3;
        ds.tensor("k").append(k);
        ds.tensor("v").append(i * 0.5f);
        ds.tensor("name").append("n" + i);
        groups.computeIfAbsent(k, key -> new ArrayList<>()).add(i);
      }
      ds.flush();
      DatasetView g = ds.query("SELECT k, COUNT() AS n, SUM(v) AS s, v, name GROUP BY k");
      assertThat(g.tensorNames()).containsExactly("k", "n", "s", "v", "name");
      int i = 0;
      for (Map.Entry<Integer, List<Integer>> e : groups.entrySet()) {
        List<Integer> m = e.getValue();
        assertThat(g.tensor("k").numpy(i).toLongArray()).containsExactly(e.getKey());
        assertThat(g.tensor("k").classNames()).containsExactly("a", "b", "c");
        assertThat(g.tensor("n").numpy(i).toLongArray()).containsExactly(m.size());
        double s = 0;
        for (int r : m) {
          s += r * 0.5f;
        }
        assertThat(g.tensor("s").numpy(i).getDouble(0)).isEqualTo(s);
        assertThat(g.tensor("s").dtype()).isEqualTo(Dtype.FLOAT64);
        TensorView v = g.tensor("v");
        assertThat(v.isSequence()).isTrue();
        assertThat(v.numpy(i).shape()).containsExactly(m.size(), 1);
        assertThat(v.sequence(i).length()).isEqualTo(m.size());
        assertThat(g.tensor("name").sequence(i).text(0)).isEqualTo("n" + m.get(0));
        int gi = i;
        assertThatThrownBy(() -> g.tensor("name").text(gi))
            .isInstanceOf(DeepLakeException.class)
            .hasMessageContaining("is a group of " + m.size() + " rows");
        i++;
      }
      assertThatThrownBy(() -> g.tensor("nope")).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> g.saveView("groups", null))
          .isInstanceOf(org.deeplake4j.engine.errors.DatasetViewSavingException.class)
          .hasMessageContaining("select list, GROUP BY or UNGROUP BY");
      assertThatThrownBy(() -> g.tensor("n").bytes(0))
          .isInstanceOf(UnsupportedOperationException.class);
      long[] members = groups.values().stream().flatMap(List::stream).mapToLong(x -> x).toArray();
      assertThat(g.query("SELECT * UNGROUP BY v").indices()).containsExactly(members);
      // a projection of a view is a view of the same dataset rows
      DatasetView p = ds.query("SELECT name, v * 2 AS w WHERE k == 'b'");
      assertThat(p.query("SELECT * WHERE v > 10").indices())
          .containsExactly(
              groups.get(1).stream().filter(r -> r * 0.5f > 10).mapToLong(x -> x).toArray());
    }
  }

  @Test
  void aggregatesSkipEmptyValuesAndOfNothingAreZeroOrEmpty() {
    try (Dataset ds = Dataset.create(new MemoryStorage("tql-part2-agg"), true)) {
      ds.createTensor("k", TensorSpec.generic().withDtype("int32"));
      ds.createTensor("j", TensorSpec.of("json"));
      int[] ks = {0, 0, 1, 1, 2};
      List<Map<String, Object>> js =
          List.of(Map.of("v", 1), Map.of("v", 2.5), Map.of(), Map.of("w", 1), Map.of("v", 7));
      for (int i = 0; i < ks.length; i++) {
        ds.tensor("k").append(ks[i]);
        ds.tensor("j").append(js.get(i));
      }
      ds.flush();
      DatasetView v =
          ds.query(
              "SELECT k, COUNT() AS c, COUNT(j['v']) AS cv, SUM(j['v']) AS s, AVG(j['v']) AS a,"
                  + " MIN(j['v']) AS lo, MAX(j['v']) AS hi GROUP BY k");
      assertThat(v.length()).isEqualTo(3);
      assertThat(v.tensor("c").numpy(1).toLongArray()).containsExactly(2);
      assertThat(v.tensor("cv").numpy(0).toLongArray()).containsExactly(2);
      assertThat(v.tensor("cv").numpy(1).toLongArray()).containsExactly(0);
      assertThat(v.tensor("s").dtype()).isEqualTo(Dtype.FLOAT64); // 2.5 makes SUM floating
      assertThat(v.tensor("s").numpy(0).toDoubleArray()).containsExactly(3.5);
      assertThat(v.tensor("s").numpy(1).toDoubleArray()).containsExactly(0.0);
      assertThat(v.tensor("a").numpy(0).toDoubleArray()).containsExactly(1.75);
      assertThat(v.tensor("a").numpy(1).size()).isZero(); // AVG of nothing: the empty value
      assertThat(v.tensor("lo").numpy(1).size()).isZero();
      assertThat(v.tensor("lo").numpy(0).toDoubleArray()).containsExactly(1.0);
      assertThat(v.tensor("hi").numpy(2).toDoubleArray()).containsExactly(7.0);
      assertThat(v.tensor("a").json(1).isArray()).isTrue();
    }
  }

  @Test
  void onAViewExpandByAndGroupByFollowViewOrder() {
    try (Dataset ds = dataset()) {
      DatasetView desc = ds.query("SELECT * ORDER BY x DESC"); // rows 4, 3, 2, 1, 0
      assertThat(desc.query("SELECT * WHERE x == 20 EXPAND BY 1 1").indices())
          .containsExactly(3, 2, 1);
      assertThat(desc.query("SELECT * WHERE x == 40 EXPAND BY 5 1").indices())
          .containsExactly(4, 3);
      DatasetView g = desc.query("SELECT x % 20 AS m, COUNT() AS n GROUP BY x % 20");
      // x % 20: row 4 -> 0, row 3 -> 10, row 2 -> 0, row 1 -> 10, row 0 -> 0
      assertThat(g.length()).isEqualTo(2);
      assertThat(g.groupIndices(0)).containsExactly(4, 2, 0);
      assertThat(g.groupIndices(1)).containsExactly(3, 1);
      assertThat(g.tensor("m").numpy(1).toLongArray()).containsExactly(10);
      assertThat(g.tensor("n").numpy(0).toLongArray()).containsExactly(3);
      // GROUP BY and ORDER BY may name an alias of the select list
      DatasetView a = desc.query("SELECT x % 20 AS m, COUNT() AS n GROUP BY m ORDER BY m DESC");
      assertThat(a.groupIndices(0)).containsExactly(3, 1);
      assertThat(a.tensor("m").numpy(0).toLongArray()).containsExactly(10);
    }
  }
}
