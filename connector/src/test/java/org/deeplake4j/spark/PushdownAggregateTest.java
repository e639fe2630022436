package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deeplake4j.spark.ScanData.metric;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code COUNT(*)} answered from the metadata (no chunk read), with and without padTensors and
 * exact {@code _index} predicates; with a predicate Spark must evaluate, the count falls back to a
 * scan and stays right.
 */
class PushdownAggregateTest {
  private static final int ROWS = 20_000;
  private static final int SHORT = 12_345;
  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void write() {
    data = dir.resolve("count");
    ScanData.write(data, ROWS, SHORT);
  }

  private static Dataset<Row> read(String... options) {
    var r = SharedSpark.get().read().format("deeplake");
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(data.toString());
  }

  private static String plan(Dataset<Row> df) {
    return df.queryExecution().executedPlan().toString();
  }

  private static long countOf(Dataset<Row> df) {
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0).getLong(0);
  }

  /**
   * The count became a local table (no task, no reader, no chunk); its batch side, read directly,
   * reports zero chunks and bytes.
   */
  private static void assertNoChunkRead(Dataset<Row> df) {
    assertThat(plan(df)).contains("LocalTableScan").doesNotContain("BatchScan");
    DeepLakeScanBuilder b =
        (DeepLakeScanBuilder)
            DeepLakeTable.load(data.toString(), java.util.Map.of())
                .newScanBuilder(
                    new org.apache.spark.sql.util.CaseInsensitiveStringMap(java.util.Map.of()));
    org.apache.spark.sql.connector.expressions.aggregate.Aggregation agg =
        new org.apache.spark.sql.connector.expressions.aggregate.Aggregation(
            new org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc[] {
              new org.apache.spark.sql.connector.expressions.aggregate.CountStar()
            },
            new org.apache.spark.sql.connector.expressions.Expression[0]);
    assertThat(b.supportCompletePushDown(agg)).isTrue();
    assertThat(b.pushAggregation(agg)).isTrue();
    DeepLakeCountScan scan = (DeepLakeCountScan) b.build();
    assertThat(scan.description()).contains("PushedAggregates: [COUNT(*)]");
    var part = scan.planInputPartitions();
    assertThat(part).hasSize(1);
    try (var r = scan.createReaderFactory().createReader(part[0])) {
      assertThat(r.next()).isTrue();
      assertThat(r.get().getLong(0)).isEqualTo(SHORT);
      assertThat(r.next()).isFalse();
      java.util.Map<String, Long> m = new java.util.HashMap<>();
      for (var v : r.currentMetricsValues()) {
        m.put(v.name(), v.value());
      }
      assertThat(m)
          .containsEntry(DeepLakeMetrics.BYTES_READ, 0L)
          .containsEntry(DeepLakeMetrics.CHUNKS_READ, 0L)
          .containsEntry(DeepLakeMetrics.ROWS_RETURNED, 1L);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(scan.rows()[0].getLong(0)).isEqualTo(SHORT);
  }

  @Test
  void countStarReadsNoChunk() {
    Dataset<Row> df = read().selectExpr("count(*)");
    assertThat(countOf(df)).isEqualTo(SHORT); // the shortest tensor's length
    assertNoChunkRead(df);
    Dataset<Row> two = read().selectExpr("count(*) AS a", "count(1) AS b");
    List<Row> r = two.collectAsList();
    assertThat(r.get(0).getLong(0)).isEqualTo(SHORT);
    assertThat(r.get(0).getLong(1)).isEqualTo(SHORT);
    assertNoChunkRead(two);
  }

  @Test
  void countStarWithPadTensorsCountsTheLongestTensor() {
    Dataset<Row> df = read("padTensors", "true").selectExpr("count(*)");
    assertThat(countOf(df)).isEqualTo(ROWS);
    assertNoChunkRead(df);
    assertThat(read("padTensors", "true").count()).isEqualTo(ROWS);
    assertThat(read("tensors", "id,emb").count()).isEqualTo(ROWS);
  }

  @Test
  void exactIndexPredicatesAreCountedFromMetadata() {
    Dataset<Row> df = read().where("_index >= 100 AND _index < 350").selectExpr("count(*)");
    assertThat(countOf(df)).isEqualTo(250);
    assertNoChunkRead(df);
  }

  @Test
  void theQueryOptionsRowsAreCounted() {
    // A full TQL statement runs on the driver when the scan is planned; the count is its row count.
    Dataset<Row> df = read("query", "select * where id < 1000 limit 5000").selectExpr("count(*)");
    assertThat(countOf(df)).isEqualTo(1000);
    assertThat(plan(df)).contains("LocalTableScan").doesNotContain("BatchScan");
    Dataset<Row> indexed =
        read("query", "select * where id < 1000 limit 5000")
            .where("_index >= 990")
            .selectExpr("count(*)");
    assertThat(countOf(indexed)).isEqualTo(10);
    // A condition is evaluated by the partitions: Spark counts the rows a scan returns.
    for (String q : List.of("id < 1000", "select * where id < 1000")) {
      Dataset<Row> cond = read("query", q).selectExpr("count(*)");
      assertThat(countOf(cond)).as(q).isEqualTo(1000);
      assertThat(plan(cond)).as(q).contains("BatchScan").doesNotContain("PushedAggregates");
      assertThat(read("query", q).count()).as(q).isEqualTo(1000);
      assertThat(countOf(read("query", q).where("_index >= 990").selectExpr("count(*)")))
          .as(q)
          .isEqualTo(10);
    }
    // With padTensors too: both forms count the rows a scan returns (rows of the dataset's
    // length: the shortest tensor's).
    for (String q :
        List.of("select * where id >= 12000", "select * where id >= 12000 limit 99999")) {
      String[] opts = {"query", q, "padTensors", "true"};
      Dataset<Row> both = read(opts).selectExpr("count(*)");
      assertThat(countOf(both)).as(q).isEqualTo(read(opts).select("id").collectAsList().size());
      assertThat(countOf(both)).as(q).isEqualTo(SHORT - 12000);
    }
  }

  @Test
  void otherPredicatesFallBackToAScan() {
    Dataset<Row> df = read().where("label = 3").selectExpr("count(*)");
    long expected =
        read().select("label").collectAsList().stream().filter(r -> r.getInt(0) == 3).count();
    assertThat(countOf(df)).isEqualTo(expected);
    assertThat(plan(df)).doesNotContain("PushedAggregates");
    assertThat(metric(df, DeepLakeMetrics.BYTES_READ)).isPositive();
    Dataset<Row> grouped = read().groupBy("label").count();
    assertThat(grouped.collectAsList()).hasSize(10);
    assertThat(plan(grouped)).doesNotContain("PushedAggregates");
  }
}
