package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Identifier;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.Test;

/** SQL over dataset paths through the {@code deeplake} catalog, with time travel. */
class CatalogSqlTest {
  private static final Fixture VC = Fixture.of("version_control");
  private static final String T = "deeplake.`" + VC.path() + "`";

  private static JsonNode version(String label) {
    for (JsonNode v : VC.expected().get("versions")) {
      if (v.get("label").asText().startsWith(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException(label);
  }

  private static long count(String sql) {
    return SharedSpark.get().sql(sql).first().getLong(0);
  }

  @Test
  void selectFromAPathAtEveryVersion() {
    SparkSession spark = SharedSpark.get();
    assertThat(count("SELECT count(*) FROM " + T))
        .isEqualTo(version("main HEAD").get("length").asLong());
    for (String label : List.of("commit 1", "commit 2", "commit 3", "alt HEAD")) {
      JsonNode v = version(label);
      String sql = "SELECT count(*) FROM " + T + " VERSION AS OF '" + v.get("ref").asText() + "'";
      assertThat(count(sql)).as(label).isEqualTo(v.get("length").asLong());
      Row r =
          spark
              .sql(
                  "SELECT _ref, note FROM "
                      + T
                      + " VERSION AS OF '"
                      + v.get("ref").asText()
                      + "' WHERE _index = 0")
              .first();
      assertThat(r.getString(0)).isEqualTo(v.get("node_id").asText());
      assertThat(r.getString(1))
          .isEqualTo(v.get("tensors").get("note").get("samples").get(0).get("value").asText());
    }
    // PATH@ref names a branch as well
    assertThat(count("SELECT count(*) FROM deeplake.`" + VC.path() + "@alt`")).isEqualTo(3);
    assertThat(spark.sql("SELECT * FROM " + T + " VERSION AS OF 'alt'").columns())
        .containsExactlyInAnyOrder("label", "note", "num", "alt_extra");
  }

  @Test
  void timestampAsOfPicksTheLastCommitBefore() {
    Row r =
        SharedSpark.get()
            .sql("SELECT DISTINCT _ref FROM " + T + " TIMESTAMP AS OF '2999-01-01 00:00:00'")
            .first();
    assertThat(r.getString(0)).isEqualTo(version("commit 2").get("node_id").asText());
    assertThatThrownBy(
            () -> SharedSpark.get().sql("SELECT * FROM " + T + " TIMESTAMP AS OF '2000-01-01'"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("at or before 2000-01-01");
  }

  @Test
  void queryOptionsTuneTheScanButCannotChangeColumns() {
    SparkSession spark = SharedSpark.get();
    String plan =
        spark
            .sql("SELECT num FROM " + T + " WITH ('partitionBytes' = '1') WHERE label = 1")
            .queryExecution()
            .executedPlan()
            .toString();
    assertThat(plan).contains("PushedFilters: [").contains("label = 1").contains("Partitions: 3");
    assertThatThrownBy(
            () -> spark.sql("SELECT * FROM " + T + " WITH ('tensors' = 'note')").collect())
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'tensors'='note'")
        .hasMessageContaining("spark.sql.catalog");
    assertThat(spark.sql("DESCRIBE TABLE " + T).collectAsList())
        .extracting(x -> x.getString(0))
        .contains("label", "note", "num");
  }

  @Test
  void badIdentifiersAndRefsAreAnalysisErrors() {
    SparkSession spark = SharedSpark.get();
    assertThatThrownBy(() -> spark.sql("SELECT * FROM " + T + " VERSION AS OF 'nope'"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("No branch or commit 'nope'")
        .hasMessageContaining("main, alt");
    assertThatThrownBy(
            () -> spark.sql("SELECT * FROM deeplake.`" + VC.path() + "@alt` VERSION AS OF 'main'"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Two versions");
    assertThatThrownBy(() -> spark.sql("SELECT * FROM deeplake.ns.`/data/x`"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("one quoted name");
    assertThatThrownBy(() -> spark.sql("SELECT * FROM deeplake.`/no/such/dataset`"))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("No Deep Lake dataset at /no/such/dataset");
  }

  @Test
  void catalogIsReadOnlyAndKnowsWhatExists() {
    DeepLakeCatalog c = new DeepLakeCatalog();
    c.initialize("dl", CaseInsensitiveStringMap.empty());
    assertThat(c.name()).isEqualTo("dl");
    assertThat(c.tableExists(Identifier.of(new String[0], VC.path()))).isTrue();
    assertThat(c.tableExists(Identifier.of(new String[0], "/no/such/dataset"))).isFalse();
    assertThat(c.listTables(new String[0])).isEmpty();
    assertThatThrownBy(() -> c.dropTable(Identifier.of(new String[0], VC.path())))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("DROP TABLE");
  }
}
