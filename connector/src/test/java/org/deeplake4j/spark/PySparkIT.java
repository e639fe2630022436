package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PySpark 4.2.0 (pip-installed into the venv of {@code src/test/python/setup_venv.sh}) with the
 * shaded runtime jar on {@code spark.jars}: {@code src/test/python/pyspark_read_test.py} reads the
 * fixtures with {@code spark.read.format("deeplake")}, runs SQL through the catalog with time
 * travel, pushed filters, the {@code query} option and the type options, and compares with
 * expected.json. Every check prints a {@code CHECK ... OK} line; the script exits non-zero if any
 * fails.
 */
class PySparkIT {
  /** The checks pyspark_read_test.py defines (a new check must be counted here). */
  private static final int CHECKS = 8;

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void pysparkReadsFixturesLikePython() throws Exception {
    PythonRun r =
        PythonRun.run(
            "pyspark_read_test.py",
            List.of(
                "--jar", PythonRun.runtimeJar(), "--fixtures", Fixtures.v3Fixtures().toString()),
            Map.of(),
            Duration.ofMinutes(15));
    assertThat(r.exitCode()).as("exit status; output in %s:%n%s", r.log(), r.output()).isZero();
    assertThat(r.lines("CHECK ")).as(r.output()).hasSize(CHECKS).allMatch(l -> l.contains(" OK"));
    assertThat(r.output()).contains("ALL OK " + CHECKS + " checks").doesNotContain("FAILED");
    assertThat(r.lines("CHECK read every fixture").get(0)).containsPattern("OK [1-9][0-9]+ values");
  }
}
