package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Filters and limits pushed into deeplake scans: the plans show what was pushed, and every result
 * equals the same query over an in-memory copy of the data (nothing pushed).
 */
class PushdownTest {
  private static final Map<String, Dataset<Row>> COPIES = new HashMap<>();

  private static Dataset<Row> read(String fixture, String... options) {
    var r = SharedSpark.get().read().format("deeplake");
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(Fixture.of(fixture).path());
  }

  /** The same rows as a local relation (no pushdown possible), `_index` a plain column. */
  private static synchronized Dataset<Row> copy(String key, Dataset<Row> df) {
    return COPIES.computeIfAbsent(
        key,
        k -> {
          Dataset<Row> all = df.selectExpr("*", "_index");
          SparkSession spark = SharedSpark.get();
          return spark.createDataFrame(all.collectAsList(), all.schema());
        });
  }

  private static List<Long> indices(Dataset<Row> df) {
    // Sorted here, not by Spark: a sort is a shuffle and two more jobs per query.
    return df.select("_index").collectAsList().stream().map(r -> r.getLong(0)).sorted().toList();
  }

  private static String plan(Dataset<Row> df) {
    return df.queryExecution().executedPlan().toString();
  }

  /** Runs {@code where} on the scan and on the copy; returns the scan's plan. */
  private static String same(String key, Dataset<Row> df, String where) {
    Dataset<Row> pushed = df.where(where);
    List<Long> actual = indices(pushed);
    List<Long> expected = indices(copy(key, df).where(where));
    assertThat(actual).as(where).isEqualTo(expected);
    return plan(pushed);
  }

  @Test
  void numericComparisonsArePushedAndMatchTheUnpushedQuery() {
    Dataset<Row> df = read("numeric_fixed", "partitionBytes", "1");
    String p = same("fixed", df, "scalar_i32 > 0");
    assertThat(p).contains("PushedFilters: [").contains("scalar_i32 > 0").contains("Columnar");
    assertThat(same("fixed", df, "scalar_f32 <= CAST(100.5 AS FLOAT)"))
        .contains("scalar_f32 <= 100.5");
    same("fixed", df, "scalar_f32 <= 100.5"); // compared as double: left to Spark
    assertThat(same("fixed", df, "scalar_b = true")).contains("scalar_b = true");
    same("fixed", df, "NOT scalar_b");
    assertThat(same("fixed", df, "scalar_u8 IN (1, 2, 211, 15, 201)")).contains("IN");
    same("fixed", df, "scalar_i64 < 0 OR scalar_f64 > 0");
    same("fixed", df, "NOT (scalar_i32 > 0 AND scalar_u8 < 100)");
    same("fixed", df, "scalar_i32 IS NULL OR scalar_f64 IS NOT NULL");
    same("fixed", df, "scalar_i32 <=> 1753444978");
    assertThat(indices(df.where("scalar_i32 = 1753444978"))).containsExactly(0L);
  }

  @Test
  void indexPredicatesChooseRowsExactly() {
    Dataset<Row> df = read("many_chunks", "partitionBytes", "1");
    String all = plan(df);
    String p = same("chunks", df, "_index >= 30 AND _index < 70");
    assertThat(p)
        .contains("Rows: 40")
        .doesNotContain("RowFilter")
        .doesNotContainPattern("Filter \\(");
    assertThat(partitions(p)).isLessThan(partitions(all)).isPositive();
    assertThat(same("chunks", df, "_index IN (1, 5, 119, 500)")).contains("Rows: 3");
    assertThat(same("chunks", df, "NOT (_index > 3)")).contains("Rows: 4");
    // Mixed: the _index part picks rows, the rest is evaluated while reading and again by Spark.
    String mixed = same("chunks", df, "_index < 60 AND ids[0] > 50");
    assertThat(mixed).contains("Rows: 60").containsPattern("Filter \\(");
    assertThat(same("chunks", df, "_index < 10 OR _index >= 115")).contains("Rows: 15");
  }

  private static int partitions(String plan) {
    var m = java.util.regex.Pattern.compile("Partitions: (\\d+)").matcher(plan);
    assertThat(m.find()).as(plan).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  void textAndClassNameEquality() {
    Dataset<Row> text = read("text_json_list");
    String first = text.select("text").orderBy("_index").first().getString(0);
    String p = same("text", text, "text = '" + first.replace("'", "\\'") + "'");
    assertThat(p).contains("RowFilter");
    same("text", text, "text <> '' AND text IN ('x', '" + first.replace("'", "\\'") + "')");
    same("text", text, "records IS NOT NULL");

    Dataset<Row> names = read("labels_bbox_embedding", "classLabels", "name");
    assertThat(same("names", names, "labels = 'bird'")).contains("labels = 'bird'");
    same("names", names, "labels IN ('cat', 'bird') OR labels IS NULL");
    same("names", names, "labels <> 'bird'");
    Dataset<Row> idx = read("labels_bbox_embedding");
    assertThat(same("labels", idx, "labels = 2")).contains("labels = 2");
    same("labels", idx, "multi IS NULL"); // empty multi-label samples
    assertThat(indices(idx.where("multi IS NULL"))).isNotEmpty();
    same("labels", idx, "boxes IS NOT NULL AND size(boxes) > 1");
  }

  @Test
  void groupFieldsArePushedByPath() {
    Dataset<Row> df = read("groups");
    assertThat(same("groups", df, "stats.score > 0")).contains("stats.score > 0");
    same("groups", df, "stats.detail.flag");
    same("groups", df, "stats.name = 'name-03' OR NOT stats.detail.flag");
  }

  @Test
  void predicatesThatCannotBeConvertedStayWithSpark() {
    Dataset<Row> df = read("numeric_fixed");
    assertThat(same("fixed", df, "size(i32) = 3")).contains("PushedFilters: []");
    same("fixed", df, "i32[0][1] > 0 AND scalar_i32 + 1 > 5");
    // Part of an OR that cannot be converted: the OR is not pushed (it could only keep all rows).
    assertThat(same("fixed", df, "scalar_i32 > 0 OR i32[0][0] > 0")).contains("PushedFilters: []");
  }

  @Test
  void limitsArePushed() {
    Dataset<Row> df = read("many_chunks", "partitionBytes", "1");
    Dataset<Row> five = df.limit(5);
    assertThat(plan(five)).contains("PushedLimit: 5").contains("Rows: 5");
    assertThat(five.collectAsList()).hasSize(5);
    Dataset<Row> tail = df.where("_index >= 100").limit(7);
    assertThat(plan(tail)).contains("PushedLimit: 7");
    assertThat(indices(tail)).hasSize(7).allSatisfy(i -> assertThat(i).isGreaterThanOrEqualTo(100));
    // With a predicate Spark evaluates after the scan, the limit stays with Spark.
    Dataset<Row> filtered = df.where("ids[0] > 10").limit(3);
    assertThat(plan(filtered)).doesNotContain("PushedLimit");
    assertThat(filtered.collectAsList()).hasSize(3);
  }

  @Test
  void statisticsReportTheRowCount() {
    Dataset<Row> df = read("labels_bbox_embedding");
    var stats = df.queryExecution().optimizedPlan().stats();
    assertThat(stats.rowCount().get().longValue()).isEqualTo(25);
    assertThat(stats.sizeInBytes().longValue()).isPositive();
    assertThat(df.count()).isEqualTo(25);
  }
}
