package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deeplake4j.spark.ScanData.metric;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ORDER BY ... LIMIT pushed as a per-partition top-n (Spark keeps its sort), LIMIT and OFFSET
 * pushed exactly: plans show what was pushed, results equal the same query over an in-memory copy
 * (nothing pushed), and the scans return fewer rows.
 */
class PushdownTopNTest {
  private static final int ROWS = 20_000;
  private static final int SHORT = 12_345;
  @TempDir static Path dir;
  private static Path data;
  private static Dataset<Row> copy;
  private static Dataset<Row> paddedCopy;

  @BeforeAll
  static void write() {
    data = dir.resolve("topn");
    ScanData.write(data, ROWS, SHORT);
    SparkSession spark = SharedSpark.get();
    Dataset<Row> all = read().selectExpr("id", "label", "score", "_index");
    copy = spark.createDataFrame(all.collectAsList(), all.schema());
    Dataset<Row> padded = read("padTensors", "true").selectExpr("id", "score", "short", "_index");
    paddedCopy = spark.createDataFrame(padded.collectAsList(), padded.schema());
  }

  private static Dataset<Row> read(String... options) {
    var r = SharedSpark.get().read().format("deeplake");
    r = r.option("partitionBytes", String.valueOf(96 << 10));
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(data.toString());
  }

  private static String plan(Dataset<Row> df) {
    return df.queryExecution().executedPlan().toString();
  }

  private static List<Row> rows(Dataset<Row> df) {
    return df.collectAsList();
  }

  @Test
  void orderByLimitIsPushedPerPartition() {
    Dataset<Row> base = read().selectExpr("id", "label", "score", "_index");
    int parts = base.rdd().getNumPartitions();
    assertThat(parts).isGreaterThan(2);
    for (String order : List.of("score DESC", "score", "label DESC, id", "label, score DESC")) {
      Dataset<Row> df = sorted(base, order, 7);
      List<Row> actual = rows(df);
      List<Row> expected = rows(sorted(copy, order, 7));
      assertThat(actual).as(order).isEqualTo(expected);
      assertThat(plan(df)).as(order).contains("PushedTopN: [");
      long returned = metric(df, DeepLakeMetrics.ROWS_RETURNED);
      assertThat(returned).as(order).isLessThanOrEqualTo(7L * parts).isLessThan(ROWS);
    }
  }

  private static Dataset<Row> sorted(Dataset<Row> df, String order, int n) {
    df.createOrReplaceTempView("topn_src");
    return df.sparkSession().sql("SELECT * FROM topn_src ORDER BY " + order + " LIMIT " + n);
  }

  @Test
  void largeLimitsAreSortedBySpark() {
    Dataset<Row> base = read().selectExpr("id", "score", "_index");
    int n = DeepLakeScanBuilder.MAX_TOP_N + 1;
    Dataset<Row> df = sorted(base, "score DESC", n);
    assertThat(plan(df)).doesNotContain("PushedTopN");
    assertThat(rows(df))
        .isEqualTo(rows(sorted(copy.selectExpr("id", "score", "_index"), "score DESC", n)));
  }

  @Test
  void nullsSortAsSparkSaysWithPadTensors() {
    Dataset<Row> base = read("padTensors", "true").selectExpr("id", "score", "short", "_index");
    for (String order :
        List.of(
            "short DESC NULLS FIRST, id",
            "short NULLS LAST, id",
            "short DESC NULLS LAST",
            "short NULLS FIRST, score DESC")) {
      Dataset<Row> df = sorted(base, order, 5);
      List<Row> actual = rows(df);
      assertThat(actual).as(order).isEqualTo(rows(sorted(paddedCopy, order, 5)));
      assertThat(plan(df)).as(order).contains("PushedTopN: [");
    }
  }

  @Test
  void unsupportedKeysAreSortedBySpark() {
    Dataset<Row> base = read().selectExpr("id", "emb", "_index");
    Dataset<Row> df = sorted(base, "emb[0]", 3);
    assertThat(rows(df)).hasSize(3);
    assertThat(plan(df)).doesNotContain("PushedTopN");
    Dataset<Row> byIndex = sorted(base, "_index DESC", 2);
    assertThat(rows(byIndex).get(0).getLong(2)).isEqualTo(SHORT - 1);
  }

  @Test
  void limitAndOffsetArePushedExactly() {
    Dataset<Row> base = read().selectExpr("id", "score", "_index");
    Dataset<Row> df = base.offset(30).limit(5);
    List<Row> actual = rows(df);
    assertThat(actual.stream().map(r -> r.getLong(2)).toList())
        .containsExactly(30L, 31L, 32L, 33L, 34L);
    assertThat(plan(df)).contains("PushedLimit: 35").contains("PushedOffset: 30");
    assertThat(metric(df, DeepLakeMetrics.ROWS_RETURNED)).isEqualTo(5);
    base.createOrReplaceTempView("lo_src");
    Dataset<Row> sql = base.sparkSession().sql("SELECT * FROM lo_src LIMIT 4 OFFSET 9998");
    assertThat(rows(sql).stream().map(r -> r.getLong(2)).toList())
        .containsExactly(9998L, 9999L, 10000L, 10001L);
    assertThat(metric(sql, DeepLakeMetrics.ROWS_RETURNED)).isEqualTo(4);
    // A predicate Spark evaluates keeps limit and offset in Spark.
    Dataset<Row> filtered = base.where("id % 2 = 1").offset(3).limit(2);
    assertThat(rows(filtered).stream().map(r -> r.getLong(0)).toList()).containsExactly(7L, 9L);
    assertThat(plan(filtered)).doesNotContain("PushedOffset");
  }
}
