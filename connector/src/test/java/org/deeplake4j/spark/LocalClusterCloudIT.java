package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplake4j.spark.storage.ObjectStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Object-store reads on a real cluster ({@code local-cluster[2,1,1024]}) whose executors run the
 * cloud runtime jar (deeplake-spark-runtime-cloud: connector, engine, hadoop-aws, hadoop-azure, AWS
 * SDK modules) next to Spark's own class path only: the jar users deploy must carry everything the
 * object stores need. Runs in its own JVM (failsafe).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@ExtendWith(ObjectStores.class)
class LocalClusterCloudIT {
  private static SparkSession spark;

  @BeforeAll
  static void start() throws Exception {
    spark =
        LocalCluster.start(
            "deeplake4j-local-cluster-cloud",
            "deeplake4j.runtimeCloudJar",
            LocalClusterCloudIT::inCloudJar,
            Map.of());
  }

  /** The object-store modules the cloud runtime jar carries. */
  private static boolean inCloudJar(String entry) {
    return entry.contains("/hadoop-aws/")
        || entry.contains("/hadoop-azure/")
        || entry.contains("/software/amazon/")
        || entry.contains("/org/apache/hadoop/thirdparty/")
        || entry.contains("/org/reactivestreams/")
        || entry.contains("/org/wildfly/")
        || entry.contains("/com/microsoft/azure/");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /**
   * A dataset on S3 (moto): the storage options travel to the executor JVMs inside the partitions,
   * those given as reader options and those set on the session alike.
   */
  @Test
  void executorsReadFromS3WithReaderAndSessionOptions() {
    Fixture f = Fixture.of("many_chunks");
    String url = ObjectStores.s3Url(ObjectStores.unique("cluster"));
    java.util.Map<String, String> o = ObjectStores.s3Options();
    assertThat(ObjectStores.upload(f.dataset(), url, o)).isPositive();
    long rows = f.expected().get("versions").get(0).get("length").asLong();
    Dataset<Row> df =
        spark.read().format("deeplake").options(o).option("partitionBytes", "1").load(url);
    assertThat(df.rdd().getNumPartitions()).isGreaterThan(2);
    assertThat(df.where("_index >= 0").count()).isEqualTo(rows);
    o.forEach((k, v) -> spark.conf().set(k, v));
    try {
      assertThat(
              spark
                  .read()
                  .format("deeplake")
                  .option("partitionBytes", "1")
                  .load(url)
                  .selectExpr("count(txt)")
                  .first()
                  .getLong(0))
          .isEqualTo(rows);
    } finally {
      o.keySet().forEach(spark.conf()::unset);
    }
  }
}
