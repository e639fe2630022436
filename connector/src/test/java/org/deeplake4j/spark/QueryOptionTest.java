package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.deeplake4j.spark.ScanData.metric;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code query} option: TQL run by the engine chooses the rows, compared with expected.json and
 * with Spark's own filters. A condition is evaluated by the partitions (both readers, several
 * partitions, counts, limits); a full statement runs on the driver.
 */
class QueryOptionTest {
  private static final Fixture F = Fixture.of("labels_bbox_embedding");
  private static final int ROWS = 8_000;
  private static final String COND = "label == 3 OR score < 500";
  private static final String PARTITION_BYTES = String.valueOf(48 << 10);
  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void write() {
    data = dir.resolve("scan");
    ScanData.write(data, ROWS, ROWS);
  }

  private static Dataset<Row> scan(String... options) {
    var r = SharedSpark.get().read().format("deeplake").option("partitionBytes", PARTITION_BYTES);
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(data.toString());
  }

  /** The ids Spark's own filter keeps (no query option). */
  private static Set<Long> expectedIds() {
    Set<Long> out = new TreeSet<>();
    for (Row r : scan().where("label = 3 OR score < 500").select("id").collectAsList()) {
      out.add(r.getLong(0));
    }
    return out;
  }

  /** Runs {@code df} (its first column is {@code id}) and renders its rows in id order. */
  private static String rowsText(Dataset<Row> df) {
    List<Row> rows = new ArrayList<>(df.collectAsList());
    rows.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
    StringBuilder sb = new StringBuilder();
    for (Row r : rows) {
      sb.append(r.mkString("|")).append('\n');
    }
    return sb.toString();
  }

  private static String plan(Dataset<Row> df) {
    return df.queryExecution().executedPlan().toString();
  }

  private static List<Long> expectedRows(java.util.function.Predicate<Integer> label) {
    JsonNode samples =
        F.expected().get("versions").get(0).get("tensors").get("labels").get("samples");
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      if (label.test(samples.get(i).get("value").get(0).asInt())) {
        out.add((long) i);
      }
    }
    return out;
  }

  private static List<Long> indices(Dataset<Row> df) {
    List<Long> out = new ArrayList<>();
    for (Row r : df.select("_index").orderBy("_index").collectAsList()) {
      out.add(r.getLong(0));
    }
    return out;
  }

  @Test
  void conditionAndFullQuery() {
    Dataset<Row> df =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("query", "labels == 1 OR labels == 3")
            .load(F.path());
    List<Long> want = expectedRows(l -> l == 1 || l == 3);
    assertThat(want).isNotEmpty();
    assertThat(indices(df)).isEqualTo(want);
    // A condition is evaluated by the partitions: the plan shows it, not a row count of its result
    String plan = df.queryExecution().executedPlan().toString();
    assertThat(plan)
        .contains("PartitionQuery: [(labels == 1) OR (labels == 3)]")
        .contains("Rows: 25");
    // SELECT * WHERE with no other clause is the same condition
    Dataset<Row> select =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("query", "select * where labels == 1 or labels == 3")
            .load(F.path());
    assertThat(indices(select)).isEqualTo(want);
    assertThat(select.queryExecution().executedPlan().toString())
        .contains("PartitionQuery: [(labels == 1) OR (labels == 3)]");
    // a parenthesized condition too
    Dataset<Row> paren =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("query", "(labels == 1) OR (labels == 3)")
            .load(F.path());
    assertThat(indices(paren)).isEqualTo(want);
    // a full statement runs on the driver: the scan reads its result rows
    Dataset<Row> full =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("query", "select * where labels == 1 or labels == 3 limit 1000")
            .load(F.path());
    assertThat(indices(full)).isEqualTo(want);
    assertThat(full.queryExecution().executedPlan().toString())
        .contains("Rows: " + want.size())
        .doesNotContain("PartitionQuery");
    Dataset<Row> limited =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("query", "select * where labels == 1 or labels == 3 limit 2")
            .load(F.path());
    assertThat(indices(limited)).isEqualTo(want.subList(0, 2));
    // with a Spark predicate on top
    assertThat(df.where("labels = 3").count()).isEqualTo(expectedRows(l -> l == 3).size());
  }

  @Test
  void sqlWithOption() {
    Row r =
        SharedSpark.get()
            .sql(
                "SELECT count(*), min(_index) FROM deeplake.`"
                    + F.path()
                    + "` WITH ('query' = 'labels >= 2')")
            .first();
    List<Long> want = expectedRows(l -> l >= 2);
    assertThat(r.getLong(0)).isEqualTo(want.size());
    assertThat(r.getLong(1)).isEqualTo(want.get(0));
  }

  @Test
  void badQueries() {
    Throwable syntax =
        catchThrowable(
            () ->
                SharedSpark.get()
                    .read()
                    .format("deeplake")
                    .option("query", "labels ==")
                    .load(F.path()));
    assertThat(syntax).isInstanceOf(AnalysisException.class);
    assertThat(((AnalysisException) syntax).getCondition()).isEqualTo("DEEPLAKE_INVALID_QUERY");
    assertThat(syntax.getMessage()).contains("labels ==");
    Throwable unknown =
        catchThrowable(
            () ->
                SharedSpark.get()
                    .read()
                    .format("deeplake")
                    .option("query", "nope == 1")
                    .load(F.path())
                    .count());
    assertThat(unknown).isInstanceOf(AnalysisException.class);
    assertThat(((AnalysisException) unknown).getCondition()).isEqualTo("DEEPLAKE_INVALID_QUERY");
    assertThat(unknown.getMessage()).contains("nope");
  }

  @Test
  void queriesThatShapeTheirResultAreRefusedAtPlanning() {
    for (String q :
        List.of(
            "SELECT labels GROUP BY labels",
            "SELECT COUNT() WHERE labels == 1",
            "SELECT labels, SHAPE(boxes) AS s",
            "SELECT * GROUP BY labels",
            "SELECT * UNGROUP BY labels",
            "SELECT * WHERE labels == 1 UNION SELECT labels")) {
      Throwable t =
          catchThrowable(
              () ->
                  SharedSpark.get()
                      .read()
                      .format("deeplake")
                      .option("query", q)
                      .load(F.path())
                      .count());
      assertThat(t).as(q).isInstanceOf(AnalysisException.class);
      assertThat(((AnalysisException) t).getCondition()).isEqualTo("DEEPLAKE_INVALID_QUERY");
      assertThat(t.getMessage()).contains(q).contains("must select rows");
    }
    // SAMPLE BY with replacement: every chosen row once
    Dataset<Row> sampled =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("query", "SELECT * SAMPLE BY 1 REPLACE TRUE LIMIT 50")
            .load(F.path());
    List<Long> rows = indices(sampled);
    assertThat(rows).doesNotHaveDuplicates().isNotEmpty();
    assertThat(rows)
        .allMatch(r -> r >= 0 && r < F.expected().get("versions").get(0).get("length").asLong());
  }

  @Test
  void theConditionIsEvaluatedInThePartitionsByTheColumnarReader() {
    Set<Long> want = expectedIds();
    assertThat(want).isNotEmpty().hasSizeLessThan(ROWS / 2);
    assertThat(scan("query", COND).rdd().getNumPartitions()).isGreaterThan(2);
    Dataset<Row> df = scan("query", COND).select("id", "label", "emb", "score", "text");
    Dataset<Row> spark =
        scan().where("label = 3 OR score < 500").select("id", "label", "emb", "score", "text");
    assertThat(rowsText(df)).isEqualTo(rowsText(spark));
    assertThat(plan(df))
        .contains("PartitionQuery: [")
        .contains("Columnar")
        .contains("Rows: " + ROWS);
    // counted on the executors: every row read, those rejected by the condition not returned
    assertThat(metric(df, DeepLakeMetrics.ROWS_FILTERED_BY_QUERY)).isEqualTo(ROWS - want.size());
    assertThat(metric(df, DeepLakeMetrics.ROWS_RETURNED)).isEqualTo(want.size());
    // the same rows as the full statement run on the driver
    Dataset<Row> full =
        scan("query", "SELECT * WHERE " + COND + " LIMIT " + ROWS).select("id", "label", "emb");
    assertThat(plan(full)).doesNotContain("PartitionQuery").contains("Rows: " + want.size());
    assertThat(rowsText(full)).isEqualTo(rowsText(spark.select("id", "label", "emb")));
    assertThat(metric(full, DeepLakeMetrics.ROWS_FILTERED_BY_QUERY)).isZero();
  }

  @Test
  void theConditionIsEvaluatedInThePartitionsByTheRowReader() {
    // a label column is not columnar: rows are read one by one
    Dataset<Row> df =
        scan("query", COND, "labelColumns", "label").select("id", "label_label", "score", "text");
    Dataset<Row> spark =
        scan("labelColumns", "label")
            .where("label = 3 OR score < 500")
            .select("id", "label_label", "score", "text");
    assertThat(plan(df)).contains("PartitionQuery: [").doesNotContain("Columnar");
    assertThat(rowsText(df)).isEqualTo(rowsText(spark));
    assertThat(metric(df, DeepLakeMetrics.ROWS_FILTERED_BY_QUERY))
        .isEqualTo(ROWS - expectedIds().size());
  }

  @Test
  void theConditionsTensorsAreCountedInBytesRead() {
    // only the condition's tensor is read: its chunk bytes (not memory-mapped past the metric)
    Dataset<Row> df = scan("query", "label == 3").select("_index");
    assertThat(df.collectAsList()).isNotEmpty();
    assertThat(metric(df, DeepLakeMetrics.BYTES_READ)).isPositive();
    assertThat(metric(df, DeepLakeMetrics.CHUNKS_READ)).isPositive();
  }

  @Test
  void chunksWithoutAMatchAreNotRead() {
    Dataset<Row> df = scan("query", "id < 100 OR id >= " + (ROWS - 100)).select("emb");
    assertThat(df.collectAsList()).hasSize(200);
    assertThat(metric(df, DeepLakeMetrics.CHUNKS_SKIPPED)).isPositive();
    assertThat(metric(df, DeepLakeMetrics.ROWS_FILTERED_BY_QUERY)).isEqualTo(ROWS - 200);
  }

  @Test
  void countsLimitsAndOffsetsWithTheCondition() {
    Set<Long> want = expectedIds();
    Dataset<Row> count = scan("query", COND).selectExpr("count(*)");
    assertThat(count.first().getLong(0)).isEqualTo(want.size());
    assertThat(plan(count)).doesNotContain("LocalTableScan").doesNotContain("PushedAggregates");
    assertThat(scan("query", COND).count()).isEqualTo(want.size());
    assertThat(scan("query", COND).where("label = 3").count())
        .isEqualTo(scan().where("label = 3").count());
    // limits: any rows of the result, but only those
    List<Row> limited = scan("query", COND).select("id").limit(7).collectAsList();
    assertThat(limited).hasSize(7);
    assertThat(limited).allMatch(r -> want.contains(r.getLong(0)));
    List<Long> first = new ArrayList<>(want).subList(0, 12);
    List<Long> top = new ArrayList<>();
    for (Row r : scan("query", COND).select("id").orderBy("id").limit(12).collectAsList()) {
      top.add(r.getLong(0));
    }
    assertThat(top).isEqualTo(first);
    List<Long> offset = new ArrayList<>();
    for (Row r :
        scan("query", COND).select("id").orderBy("id").offset(5).limit(7).collectAsList()) {
      offset.add(r.getLong(0));
    }
    assertThat(offset).isEqualTo(first.subList(5, 12));
    Dataset<Row> topScore = scan("query", COND).select("id", "score").orderBy("score").limit(3);
    assertThat(plan(topScore)).doesNotContain("PushedTopN");
    assertThat(topScore.collectAsList()).allMatch(r -> want.contains(r.getLong(0)));
  }

  @Test
  void anErrorInTheConditionIsReportedAtPlanning() {
    Throwable t =
        catchThrowable(
            () -> scan("query", "nope > 1").select("id").queryExecution().executedPlan());
    assertThat(t).isInstanceOf(AnalysisException.class);
    assertThat(((AnalysisException) t).getCondition()).isEqualTo("DEEPLAKE_INVALID_QUERY");
  }
}
