package org.deeplake4j.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the test JVM (local[2]), started on first use and stopped at JVM exit:
 * starting Spark costs seconds, so every test class shares it. The {@code deeplake} catalog is
 * registered. Tests must not stop it or change global settings without restoring them.
 */
final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("deeplake4j-connector-tests")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.sql.catalog.deeplake", DeepLakeCatalog.class.getName())
              .config("spark.driver.host", "127.0.0.1")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
