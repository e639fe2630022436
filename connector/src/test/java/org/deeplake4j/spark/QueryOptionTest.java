package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The {@code query} option: TQL run by the engine chooses the rows, compared with expected.json.
 */
class QueryOptionTest {
  private static final Fixture F = Fixture.of("labels_bbox_embedding");

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
    assertThat(df.queryExecution().executedPlan().toString()).contains("Rows: " + want.size());
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
}
