package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;

/**
 * Starts a {@code local-cluster[2,1,1024]} session whose executor JVMs load a runtime jar instead
 * of this project's classes, next to the rest of the test class path, so the executors run what
 * users deploy. For the failsafe ITs (SPARK_HOME and the jar's path are set by the failsafe
 * configuration). Not thread-safe; one session per test class.
 */
final class LocalCluster {
  private LocalCluster() {}

  /**
   * A session on two executor JVMs.
   *
   * @param appName the application name
   * @param jarProperty the system property holding the runtime jar's path
   * @param inJar class path entries the jar already carries (left off the executors' class path);
   *     this project's own classes and jars always are
   * @param conf further session settings
   */
  static SparkSession start(
      String appName, String jarProperty, Predicate<String> inJar, Map<String, String> conf)
      throws IOException {
    return start(appName, jarProperty, inJar, conf, false);
  }

  /**
   * A session on two executor JVMs; with {@code testClasses} the executors also load the test
   * classes (user code such as UDFs defined in tests; the connector still comes from the jar).
   */
  static SparkSession start(
      String appName,
      String jarProperty,
      Predicate<String> inJar,
      Map<String, String> conf,
      boolean testClasses)
      throws IOException {
    String home = System.getenv("SPARK_HOME");
    assertThat(home).as("SPARK_HOME (set by the failsafe configuration)").isNotNull();
    Files.createDirectories(Path.of(home, "jars"));
    SparkSession.Builder b =
        SparkSession.builder()
            .master("local-cluster[2,1,1024]")
            .appName(appName)
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config(
                "spark.executor.extraClassPath",
                executorClassPath(jarProperty, inJar, testClasses));
    conf.forEach(b::config);
    return b.getOrCreate();
  }

  /** The runtime jar, then the test class path without what the jar carries. */
  private static String executorClassPath(
      String jarProperty, Predicate<String> inJar, boolean testClasses) {
    String jar = System.getProperty(jarProperty);
    assertThat(jar).as(jarProperty + " (set by the failsafe configuration)").isNotNull();
    assertThat(Path.of(jar)).exists();
    List<String> out = new ArrayList<>();
    out.add(jar);
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String n = e.replace('\\', '/');
      boolean ours =
          n.endsWith("/target/classes")
              || n.endsWith("/target/test-classes")
              || n.contains("deeplake4j-engine")
              || n.contains("deeplake4j-spark");
      if (testClasses && n.endsWith("/target/test-classes")) {
        out.add(e);
      } else if (!ours && !inJar.test(n)) {
        out.add(e);
      }
    }
    return String.join(File.pathSeparator, out);
  }
}
