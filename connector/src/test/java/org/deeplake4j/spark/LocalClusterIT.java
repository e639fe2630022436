package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reads on a real cluster: {@code local-cluster[2,1,1024]} starts two executor JVMs, so partitions,
 * readers and filters are serialized and run away from the driver, from the shaded runtime jar.
 * Runs in its own JVM (failsafe); a cluster that cannot start waits forever, hence the timeouts.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LocalClusterIT {
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    // the shaded runtime jar (which must work with Spark's own Jackson, lz4 and Arrow)
    spark =
        LocalCluster.start(
            "deeplake4j-local-cluster",
            "deeplake4j.runtimeJar",
            entry -> false,
            Map.of("spark.sql.catalog.deeplake", DeepLakeCatalog.class.getName()),
            true); // the write test's UDF
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void executorsReadRowsAndColumns() {
    Fixture f = Fixture.of("many_chunks");
    Dataset<Row> df = spark.read().format("deeplake").option("partitionBytes", "1").load(f.path());
    assertThat(df.rdd().getNumPartitions()).isGreaterThan(2);
    // row reader (text) with a pushed filter, and the columnar reader (numbers), on executors
    List<Row> text =
        df.where("txt <> '' AND _index >= 100").selectExpr("_index", "txt").collectAsList();
    assertThat(text).hasSize(20);
    for (Row r : text) {
      long i = r.getLong(0);
      assertThat(r.getString(1))
          .isEqualTo(
              f.expected()
                  .get("versions")
                  .get(0)
                  .get("tensors")
                  .get("txt")
                  .get("samples")
                  .get((int) i)
                  .get("value")
                  .asText());
    }
    long sum = df.selectExpr("sum(ids[0])").first().getLong(0);
    long expected = 0;
    for (var s : f.expected().get("versions").get(0).get("tensors").get("ids").get("samples")) {
      expected += s.get("value").get(0).asLong();
    }
    assertThat(sum).isEqualTo(expected);
    // executors, not the driver, ran the tasks
    assertThat(spark.sparkContext().getExecutorMemoryStatus().size()).isEqualTo(3);
  }

  @Test
  void sqlWithTimeTravelOnExecutors() {
    Fixture vc = Fixture.of("version_control");
    Row r =
        spark
            .sql(
                "SELECT count(*), max(_ref) FROM deeplake.`"
                    + vc.path()
                    + "` VERSION AS OF 'alt' WHERE num[0] >= 0")
            .first();
    long expected = 0;
    for (var v : vc.expected().get("versions")) {
      if (v.get("ref").asText().equals("alt")) {
        var samples = v.get("tensors").get("num").get("samples");
        for (int i = 0; i < v.get("length").asInt(); i++) {
          expected += samples.get(i).get("value").get(0).asLong() >= 0 ? 1 : 0;
        }
      }
    }
    assertThat(r.getLong(0)).isEqualTo(expected).isPositive();
    assertThat(r.getString(1)).isEqualTo("e36c36844acde360b849d5a2b8ecb282a7b2abd7");
  }

  /** Throws once, for row 7, while the flag file exists (deleting it): the task's first attempt. */
  static final class FailOnce implements UDF1<Long, Long> {
    private final String flag;

    FailOnce(String flag) {
      this.flag = flag;
    }

    @Override
    public Long call(Long x) {
      if (x == 7 && new java.io.File(flag).delete()) {
        throw new IllegalStateException("first attempt fails on row 7");
      }
      return x;
    }
  }

  /**
   * Executor JVMs write the fragments (to local disk); a task that fails once is retried, and the
   * rows of its failed attempt are not committed: every row once, in partition order.
   */
  @Test
  void executorsWriteAndATaskFailingOnceAddsNoDuplicates() throws Exception {
    Path dir = Files.createTempDirectory("deeplake4j-lc-write");
    String p = dir.resolve("ds").toString();
    Path flag = Files.createFile(dir.resolve("fail-once.flag"));
    spark.udf().register("failOnce", new FailOnce(flag.toString()), DataTypes.LongType);
    spark
        .range(0, 200, 1, 4)
        .selectExpr("failOnce(id) AS id", "concat('row ', id) AS text")
        .write()
        .format("deeplake")
        .mode("append")
        .option("commitMessage", "from executors")
        .save(p);
    assertThat(flag).doesNotExist(); // the first attempt failed
    List<Long> ids = new ArrayList<>();
    try (org.deeplake4j.engine.Dataset ds = org.deeplake4j.engine.Dataset.open(p)) {
      for (long i = 0; i < ds.tensor("id").length(); i++) {
        ids.add(ds.tensor("id").numpy(i).getLong(0));
        assertThat(ds.tensor("text").text(i)).isEqualTo("row " + ids.get((int) i));
      }
      assertThat(ds.log().get(0).message()).isEqualTo("from executors");
    }
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 200; i++) {
      expected.add(i);
    }
    assertThat(ids).containsExactlyElementsOf(expected);
  }
}
