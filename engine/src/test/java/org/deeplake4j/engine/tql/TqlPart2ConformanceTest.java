package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.TensorView;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * TQL part 2 (select lists, GROUP BY and aggregates, EXPAND BY, SAMPLE BY, views of groups) over
 * the reference fixtures written by Python deeplake 3.9.52; expected results are computed here in
 * plain Java from the fixtures' expected.json, never by the engine.
 */
class TqlPart2ConformanceTest {
  private static final Map<String, Dataset> OPEN = new HashMap<>();
  private static final Map<String, FixtureRows> ROWS = new HashMap<>();
  private static final List<String> CLASSES = List.of("cat", "dog", "bird", "fish", "horse");

  private static FixtureRows rows(String fixture) {
    return ROWS.computeIfAbsent(fixture, FixtureRows::of);
  }

  private static Dataset ds(String fixture) {
    return OPEN.computeIfAbsent(fixture, f -> Dataset.open(rows(f).datasetPath()));
  }

  @AfterAll
  static void close() {
    OPEN.values().forEach(Dataset::close);
    OPEN.clear();
  }

  /** Rows grouped by {@code key}, groups in order of their first row, members ascending. */
  private static Map<Object, List<Integer>> groups(int n, java.util.function.IntFunction<?> key) {
    Map<Object, List<Integer>> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      out.computeIfAbsent(key.apply(i), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private static long[] longs(List<Integer> l) {
    return l.stream().mapToLong(Integer::longValue).toArray();
  }

  // ------------------------------------------------------------------ select lists

  @Test
  void selectListReturnsStoredAndTypedComputedColumns() {
    FixtureRows r = rows("labels_bbox_embedding");
    DatasetView v =
        ds("labels_bbox_embedding")
            .query(
                "SELECT labels, SHAPE(boxes) AS s, boxes[:, 0] AS x0, labels + 1, emb[0] > 0 AS pos"
                    + " WHERE SHAPE(boxes)[0] > 0");
    long[] exp = r.where(i -> r.shape("boxes", i)[0] > 0);
    assertThat(v.indices()).containsExactly(exp);
    assertThat(v.tensorNames()).containsExactly("labels", "s", "x0", "labels + 1", "pos");
    assertThat(v.isGrouped()).isFalse();
    TensorView labels = v.tensor("labels");
    TensorView s = v.tensor("s");
    TensorView x0 = v.tensor("x0");
    TensorView plus = v.tensor("labels + 1");
    TensorView pos = v.tensor("pos");
    assertThat(labels.isComputed()).isFalse();
    assertThat(labels.classNames()).isEqualTo(CLASSES);
    assertThat(s.isComputed()).isTrue();
    assertThat(s.dtype()).isEqualTo(Dtype.INT64);
    assertThat(s.htype()).isEqualTo("generic");
    assertThat(x0.dtype()).isEqualTo(Dtype.FLOAT64);
    assertThat(plus.dtype()).isEqualTo(Dtype.INT64);
    assertThat(pos.dtype()).isEqualTo(Dtype.BOOL);
    for (int i = 0; i < exp.length; i++) {
      int row = (int) exp[i];
      assertThat(labels.numpy(i).toLongArray()).containsExactly(r.lng("labels", row));
      assertThat(s.numpy(i).toLongArray()).containsExactly(r.shape("boxes", row));
      assertThat(s.shape(i)).containsExactly(2);
      JsonNode boxes = r.value("boxes", row);
      double[] col0 = new double[boxes.size()];
      for (int k = 0; k < col0.length; k++) {
        col0[k] = boxes.get(k).get(0).doubleValue();
      }
      assertThat(x0.numpy(i).toDoubleArray()).containsExactly(col0);
      assertThat(plus.numpy(i).toLongArray()).containsExactly(r.lng("labels", row) + 1);
      assertThat(plus.json(i).get(0).asLong()).isEqualTo(r.lng("labels", row) + 1);
      assertThat(pos.numpy(i).getBoolean(0)).isEqualTo(r.flat("emb", row)[0] > 0);
    }
  }

  @Test
  void orderByAnAliasOfTheSelectList() {
    FixtureRows r = rows("labels_bbox_embedding");
    long[] exp =
        IntStream.range(0, r.length)
            .boxed()
            .sorted(
                Comparator.comparingLong((Integer i) -> -r.shape("boxes", i)[0])
                    .thenComparing(Comparator.naturalOrder()))
            .limit(6)
            .mapToLong(Integer::longValue)
            .toArray();
    DatasetView v =
        ds("labels_bbox_embedding").query("SELECT SHAPE(boxes)[0] AS k ORDER BY k DESC LIMIT 6");
    assertThat(v.indices()).containsExactly(exp);
    for (int i = 0; i < exp.length; i++) {
      assertThat(v.tensor("k").numpy(i).toLongArray())
          .containsExactly(r.shape("boxes", (int) exp[i])[0]);
    }
  }

  @Test
  void selectListOnTextAndJson() {
    FixtureRows r = rows("text_json_list");
    DatasetView v =
        ds("text_json_list").query("SELECT text AS t, records['name'] AS name, records['nested']");
    assertThat(v.tensorNames()).containsExactly("t", "name", "records['nested']");
    assertThat(v.tensor("name").htype()).isEqualTo("json");
    for (int i = 0; i < r.length; i++) {
      assertThat(v.tensor("t").text(i)).isEqualTo(r.text("text", i));
      assertThat(v.tensor("name").text(i)).isEqualTo(r.value("records", i).get("name").asText());
      assertThat(v.tensor("records['nested']").json(i))
          .isEqualTo(r.value("records", i).get("nested"));
    }
  }

  // ------------------------------------------------------------------ GROUP BY

  @Test
  void groupByClassLabelWithEveryAggregate() {
    FixtureRows r = rows("labels_bbox_embedding");
    DatasetView v =
        ds("labels_bbox_embedding")
            .query(
                "SELECT labels, COUNT() AS n, COUNT(*) AS n2, SUM(SHAPE(boxes)[0]) AS boxes,"
                    + " AVG(emb[0]) AS a, MIN(emb[1]) AS lo, MAX(SHAPE(multi)[0]) AS hi"
                    + " GROUP BY labels");
    Map<Object, List<Integer>> g = groups(r.length, i -> r.lng("labels", i));
    assertThat(v.isGrouped()).isTrue();
    assertThat(v.length()).isEqualTo(g.size());
    int i = 0;
    for (Map.Entry<Object, List<Integer>> e : g.entrySet()) {
      List<Integer> m = e.getValue();
      assertThat(v.index(i)).isEqualTo((long) m.get(0));
      assertThat(v.groupIndices(i)).containsExactly(longs(m));
      assertThat(v.tensor("labels").numpy(i).toLongArray()).containsExactly((Long) e.getKey());
      assertThat(v.tensor("n").numpy(i).toLongArray()).containsExactly(m.size());
      assertThat(v.tensor("n2").numpy(i).toLongArray()).containsExactly(m.size());
      long boxes = 0;
      double sum = 0;
      double lo = Double.POSITIVE_INFINITY;
      long hi = Long.MIN_VALUE;
      for (int row : m) {
        boxes += r.shape("boxes", row)[0];
        sum += r.flat("emb", row)[0];
        lo = Math.min(lo, r.flat("emb", row)[1]);
        hi = Math.max(hi, r.shape("multi", row)[0]);
      }
      assertThat(v.tensor("boxes").numpy(i).toLongArray()).containsExactly(boxes);
      assertThat(v.tensor("a").numpy(i).getDouble(0)).isCloseTo(sum / m.size(), within(1e-12));
      assertThat(v.tensor("lo").numpy(i).getDouble(0)).isEqualTo(lo);
      assertThat(v.tensor("hi").numpy(i).toLongArray()).containsExactly(hi);
      i++;
    }
    assertThat(v.tensor("boxes").dtype()).isEqualTo(Dtype.INT64);
    assertThat(v.tensor("a").dtype()).isEqualTo(Dtype.FLOAT64);
    assertThat(v.tensor("lo").dtype()).isEqualTo(Dtype.FLOAT64);
    assertThat(v.tensor("labels").isComputed()).isFalse();
  }

  @Test
  void groupByOrderLimitOffsetAndComputedKeys() {
    FixtureRows r = rows("labels_bbox_embedding");
    Map<Object, List<Integer>> g = groups(r.length, i -> r.lng("labels", i));
    List<Map.Entry<Object, List<Integer>>> sorted = new ArrayList<>(g.entrySet());
    sorted.sort(
        Comparator.comparingInt((Map.Entry<Object, List<Integer>> e) -> -e.getValue().size())
            .thenComparingLong(e -> (Long) e.getKey()));
    DatasetView v =
        ds("labels_bbox_embedding")
            .query(
                "SELECT labels, COUNT() AS n GROUP BY labels ORDER BY n DESC, labels LIMIT 3"
                    + " OFFSET 1");
    assertThat(v.length()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      Map.Entry<Object, List<Integer>> e = sorted.get(i + 1);
      assertThat(v.groupIndices(i)).containsExactly(longs(e.getValue()));
      assertThat(v.tensor("n").numpy(i).toLongArray()).containsExactly(e.getValue().size());
    }
    // a computed key: the group's value, named by its text; ORDER BY the GROUP BY expression
    FixtureRows n = rows("numeric_fixed");
    Map<Object, List<Integer>> byMod = groups(n.length, i -> n.lng("scalar_u8", i) % 3);
    DatasetView m =
        ds("numeric_fixed")
            .query(
                "SELECT scalar_u8 % 3, COUNT(), SUM(scalar_i64) AS s GROUP BY scalar_u8 % 3"
                    + " ORDER BY scalar_u8 % 3 DESC");
    assertThat(m.tensorNames()).containsExactly("scalar_u8 % 3", "COUNT()", "s");
    List<Object> keys = new ArrayList<>(new TreeSet<>(byMod.keySet()).descendingSet());
    assertThat(m.length()).isEqualTo(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      List<Integer> members = byMod.get(keys.get(i));
      long sum = 0;
      for (int row : members) {
        sum += n.lng("scalar_i64", row); // wraps around as int64 does
      }
      assertThat(m.tensor("scalar_u8 % 3").numpy(i).toLongArray())
          .containsExactly((Long) keys.get(i));
      assertThat(m.tensor("COUNT()").numpy(i).toLongArray()).containsExactly(members.size());
      assertThat(m.tensor("s").numpy(i).toLongArray()).containsExactly(sum);
      assertThat(m.groupIndices(i)).containsExactly(longs(members));
    }
  }

  @Test
  void groupByStringsFromJson() {
    FixtureRows r = rows("text_json_list");
    Map<Object, List<Integer>> g =
        groups(r.length, i -> r.value("records", i).get("name").asText());
    DatasetView v =
        ds("text_json_list")
            .query("SELECT records['name'] AS name, COUNT() AS n GROUP BY records['name']");
    assertThat(v.length()).isEqualTo(g.size());
    int i = 0;
    for (Map.Entry<Object, List<Integer>> e : g.entrySet()) {
      assertThat(v.tensor("name").text(i)).isEqualTo(e.getKey());
      assertThat(v.tensor("n").numpy(i).toLongArray()).containsExactly(e.getValue().size());
      assertThat(v.groupIndices(i)).containsExactly(longs(e.getValue()));
      i++;
    }
  }

  @Test
  void selectStarGroupByReadsTensorsAsSequencesOfTheMembers() {
    FixtureRows r = rows("labels_bbox_embedding");
    Map<Object, List<Integer>> g = groups(r.length, i -> r.lng("labels", i));
    DatasetView v = ds("labels_bbox_embedding").query("SELECT * GROUP BY labels");
    assertThat(v.tensorNames()).isEqualTo(ds("labels_bbox_embedding").tensorNames());
    TensorView emb = v.tensor("emb");
    TensorView boxes = v.tensor("boxes");
    assertThat(emb.isSequence()).isTrue();
    assertThat(emb.htype()).isEqualTo("sequence[embedding]");
    int i = 0;
    for (List<Integer> m : g.values()) {
      assertThat(emb.shape(i)).containsExactly(m.size(), 8);
      NdArray stacked = emb.numpy(i);
      assertThat(stacked.shape()).containsExactly(m.size(), 8);
      double[] flat = stacked.toDoubleArray();
      for (int k = 0; k < m.size(); k++) {
        assertThat(Arrays.copyOfRange(flat, 8 * k, 8 * k + 8))
            .containsExactly(r.flat("emb", m.get(k)));
        assertThat(boxes.sequence(i).shape(k)).containsExactly(r.shape("boxes", m.get(k)));
      }
      assertThat(v.tensor("labels").numpy(i).shape()).containsExactly(m.size(), 1);
      i++;
    }
  }

  @Test
  void aggregatesWithoutGroupByFormOneGroup() {
    FixtureRows r = rows("numeric_fixed");
    long[] sel = r.where(i -> r.lng("scalar_b", i) == 1);
    DatasetView v =
        ds("numeric_fixed")
            .query(
                "SELECT COUNT() AS n, SUM(scalar_i32) AS s, MAX(scalar_u8) AS hi,"
                    + " AVG(scalar_f32) AS a WHERE scalar_b");
    long s = 0;
    long hi = Long.MIN_VALUE;
    double sum = 0;
    for (long row : sel) {
      s += r.lng("scalar_i32", (int) row);
      hi = Math.max(hi, r.lng("scalar_u8", (int) row));
      sum += r.num("scalar_f32", (int) row);
    }
    assertThat(v.length()).isEqualTo(1);
    assertThat(v.groupIndices(0)).containsExactly(sel);
    assertThat(v.tensor("n").numpy(0).toLongArray()).containsExactly(sel.length);
    assertThat(v.tensor("s").numpy(0).toLongArray()).containsExactly(s);
    assertThat(v.tensor("hi").numpy(0).toLongArray()).containsExactly(hi);
    assertThat(v.tensor("a").numpy(0).getDouble(0)).isCloseTo(sum / sel.length, within(1e-9));
    assertThat(ds("numeric_fixed").query("SELECT COUNT() WHERE scalar_u8 > 1000").length())
        .isZero();
  }

  @Test
  void queryingAGroupedViewRunsOverItsMembersGroupByGroup() {
    FixtureRows r = rows("labels_bbox_embedding");
    Map<Object, List<Integer>> g = groups(r.length, i -> r.lng("labels", i));
    long[] concat =
        g.values().stream().flatMap(List::stream).mapToLong(Integer::longValue).toArray();
    DatasetView grouped = ds("labels_bbox_embedding").query("SELECT * GROUP BY labels");
    assertThat(grouped.query("SELECT * UNGROUP BY labels").indices()).containsExactly(concat);
    long[] big = Arrays.stream(concat).filter(row -> r.shape("boxes", (int) row)[0] >= 2).toArray();
    assertThat(grouped.query("SELECT * WHERE SHAPE(boxes)[0] >= 2").indices()).containsExactly(big);
  }

  // ------------------------------------------------------------------ EXPAND BY

  private static long[] expand(long[] hits, int n, int before, int after) {
    TreeSet<Long> out = new TreeSet<>();
    for (long h : hits) {
      for (long k = Math.max(0, h - before); k <= Math.min(n - 1, h + after); k++) {
        out.add(k);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void expandByAddsNeighboursOnceInSourceOrder() {
    FixtureRows r = rows("numeric_fixed");
    long[] hits = r.where(i -> r.num("scalar_f32", i) > 2000);
    long[] exp = expand(hits, r.length, 1, 2);
    assertThat(
            ds("numeric_fixed").query("SELECT * WHERE scalar_f32 > 2000 EXPAND BY 1 2").indices())
        .containsExactly(exp);
    assertThat(
            ds("numeric_fixed")
                .query("SELECT * WHERE scalar_f32 > 2000 EXPAND BY 1, 2 LIMIT 4 OFFSET 1")
                .indices())
        .containsExactly(Arrays.copyOfRange(exp, 1, Math.min(5, exp.length)));
    long[] sorted =
        Arrays.stream(exp)
            .boxed()
            .sorted(Comparator.comparingDouble((Long i) -> -r.num("scalar_f32", i.intValue())))
            .mapToLong(Long::longValue)
            .toArray();
    assertThat(
            ds("numeric_fixed")
                .query("SELECT * WHERE scalar_f32 > 2000 EXPAND BY 1 2 ORDER BY scalar_f32 DESC")
                .indices())
        .containsExactly(sorted);
    assertThat(
            ds("numeric_fixed").query("SELECT * WHERE scalar_f32 > 2000 EXPAND BY 0 0").indices())
        .containsExactly(hits);
    assertThat(
            ds("numeric_fixed")
                .query("SELECT * WHERE scalar_u8 == 211 EXPAND BY 1000 1000")
                .length())
        .isEqualTo(r.where(i -> r.lng("scalar_u8", i) == 211).length > 0 ? r.length : 0);
  }

  // ------------------------------------------------------------------ SAMPLE BY

  /** MAX_WEIGHT(labels == 'cat': 10, labels == 'dog': 2, SHAPE(boxes)[0] > 1: 5) per row. */
  private static double[] maxWeights(FixtureRows r, boolean sum) {
    double[] w = new double[r.length];
    for (int i = 0; i < r.length; i++) {
      double[] hit = {
        r.lng("labels", i) == 0 ? 10 : 0,
        r.lng("labels", i) == 1 ? 2 : 0,
        r.shape("boxes", i)[0] > 1 ? 5 : 0
      };
      w[i] = sum ? hit[0] + hit[1] + hit[2] : Math.max(hit[0], Math.max(hit[1], hit[2]));
    }
    return w;
  }

  private static final String WEIGHTS =
      "(labels == 'cat': 10, labels == 'dog': 2, SHAPE(boxes)[0] > 1: 5)";

  /** Draw frequencies within 5 standard deviations of the weights' proportions. */
  private static void assertProportional(long[] drawn, double[] w) {
    double total = Arrays.stream(w).sum();
    long[] counts = new long[w.length];
    for (long d : drawn) {
      counts[(int) d]++;
    }
    for (int i = 0; i < w.length; i++) {
      double p = w[i] / total;
      double sd = Math.sqrt(drawn.length * p * (1 - p));
      assertThat((double) counts[i])
          .as("row %d", i)
          .isCloseTo(drawn.length * p, within(5 * sd + 1e-9));
    }
  }

  @Test
  void sampleByMaxAndSumWeightWithReplacementIsProportional() {
    FixtureRows r = rows("labels_bbox_embedding");
    Dataset d = ds("labels_bbox_embedding");
    for (boolean sum : new boolean[] {false, true}) {
      String q =
          "SELECT * SAMPLE BY " + (sum ? "SUM_WEIGHT" : "max_weight") + WEIGHTS + " LIMIT 20000";
      long[] drawn = d.query(q, QueryOptions.seed(7)).indices();
      assertThat(drawn).hasSize(20000);
      assertProportional(drawn, maxWeights(r, sum));
    }
    // an expression weight; REPLACE TRUE is the default
    FixtureRows n = rows("numeric_fixed");
    double[] w = IntStream.range(0, n.length).mapToDouble(i -> n.lng("scalar_u8", i)).toArray();
    long[] drawn =
        ds("numeric_fixed")
            .query("SELECT * SAMPLE BY scalar_u8 REPLACE TRUE LIMIT 20000", QueryOptions.seed(3))
            .indices();
    assertProportional(drawn, w);
  }

  @Test
  void sampleByWithoutReplacementDrawsDistinctRowsOfPositiveWeight() {
    FixtureRows r = rows("labels_bbox_embedding");
    double[] w = maxWeights(r, false);
    Set<Long> positive = new HashSet<>();
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        positive.add((long) i);
      }
    }
    Dataset d = ds("labels_bbox_embedding");
    long[] all =
        d.query("SELECT * SAMPLE BY MAX_WEIGHT" + WEIGHTS + " REPLACE FALSE", QueryOptions.seed(1))
            .indices();
    assertThat(Arrays.stream(all).boxed().toList()).containsExactlyInAnyOrderElementsOf(positive);
    long[] five =
        d.query(
                "SELECT * SAMPLE BY MAX_WEIGHT" + WEIGHTS + " REPLACE FALSE LIMIT 5",
                QueryOptions.seed(2))
            .indices();
    assertThat(five).hasSize(5).doesNotHaveDuplicates();
    assertThat(positive).containsAll(Arrays.stream(five).boxed().toList());
    // the first draw without replacement is proportional to the weights
    long[] firsts = new long[3000];
    for (int s = 0; s < firsts.length; s++) {
      firsts[s] =
          d.query(
                  "SELECT * SAMPLE BY MAX_WEIGHT" + WEIGHTS + " REPLACE FALSE LIMIT 1",
                  QueryOptions.seed(100 + s))
              .index(0);
    }
    assertProportional(firsts, w);
  }

  @Test
  void sampleByIsSeededAndAppliesAfterWhere() {
    Dataset d = ds("labels_bbox_embedding");
    FixtureRows r = rows("labels_bbox_embedding");
    String q = "SELECT * WHERE labels != 'cat' SAMPLE BY SUM_WEIGHT" + WEIGHTS + " LIMIT 50";
    long[] a = d.query(q, QueryOptions.seed(42)).indices();
    assertThat(d.query(q, QueryOptions.seed(42)).indices()).containsExactly(a);
    assertThat(d.query(q, QueryOptions.seed(43)).indices()).isNotEqualTo(a);
    assertThat(a).hasSize(50);
    assertThat(Arrays.stream(a).allMatch(row -> r.lng("labels", (int) row) != 0)).isTrue();
    // the API form draws the same rows as the clause with the same seed
    String spec = "MAX_WEIGHT" + WEIGHTS;
    assertThat(d.sampleBy(spec, 10, true, 42).indices())
        .containsExactly(
            d.query("SELECT * SAMPLE BY " + spec + " REPLACE TRUE LIMIT 10", QueryOptions.seed(42))
                .indices());
    assertThat(d.sampleBy(spec, 10, false, 5).indices())
        .containsExactly(
            d.query("SELECT * SAMPLE BY " + spec + " REPLACE FALSE LIMIT 10", QueryOptions.seed(5))
                .indices());
    // on a view: only its rows are drawn
    DatasetView dogs = d.query("SELECT * WHERE labels == 'dog'");
    Set<Long> dogRows = new HashSet<>(Arrays.stream(dogs.indices()).boxed().toList());
    assertThat(Arrays.stream(dogs.sampleBy("1", 30, true, 9).indices()).boxed().toList())
        .hasSize(30)
        .allMatch(dogRows::contains);
    // OFFSET skips draws; ORDER BY sorts the drawn rows
    long[] ten =
        d.query("SELECT * SAMPLE BY emb[0] * 0 + 1 LIMIT 10", QueryOptions.seed(11)).indices();
    assertThat(
            d.query("SELECT * SAMPLE BY emb[0] * 0 + 1 LIMIT 7 OFFSET 3", QueryOptions.seed(11))
                .indices())
        .containsExactly(Arrays.copyOfRange(ten, 3, 10));
    long[] sorted =
        Arrays.stream(ten)
            .boxed()
            .sorted(Comparator.comparingLong((Long x) -> r.lng("labels", x.intValue())))
            .mapToLong(Long::longValue)
            .toArray();
    assertThat(
            d.query(
                    "SELECT * SAMPLE BY emb[0] * 0 + 1 LIMIT 10 ORDER BY labels",
                    QueryOptions.seed(11))
                .indices())
        .containsExactly(sorted);
    // nothing to draw
    assertThat(d.query("SELECT * SAMPLE BY MAX_WEIGHT(SHAPE(boxes)[0] > 100: 1) LIMIT 5").length())
        .isZero();
  }

  @Test
  void projectionsCombineWithSampleAndExpand() {
    Dataset d = ds("labels_bbox_embedding");
    FixtureRows r = rows("labels_bbox_embedding");
    DatasetView v =
        d.query("SELECT labels, SHAPE(boxes)[0] AS k SAMPLE BY 1 LIMIT 12", QueryOptions.seed(4));
    assertThat(v.length()).isEqualTo(12);
    for (int i = 0; i < 12; i++) {
      assertThat(v.tensor("k").numpy(i).toLongArray())
          .containsExactly(r.shape("boxes", (int) v.index(i))[0]);
    }
    IntPredicate hit = i -> r.lng("labels", i) == 4;
    DatasetView e = d.query("SELECT labels WHERE labels == 'horse' EXPAND BY 1 0");
    assertThat(e.indices()).containsExactly(expand(r.where(hit), r.length, 1, 0));
    assertThat(e.tensorNames()).containsExactly("labels");
  }

  @Test
  void seededRandomIsReproducible() {
    Dataset d = ds("numeric_fixed");
    long[] a = d.query("SELECT * ORDER BY RANDOM() LIMIT 10", QueryOptions.seed(5)).indices();
    assertThat(d.query("SELECT * ORDER BY RANDOM() LIMIT 10", QueryOptions.seed(5)).indices())
        .containsExactly(a);
  }
}
