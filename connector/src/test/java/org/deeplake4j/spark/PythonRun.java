package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script of {@code src/test/python} with the PySpark venv (made by {@code
 * setup_venv.sh} at pre-integration-test, path in the system property {@code
 * deeplake4j.pysparkEnv}), on this JVM's Java ({@code JAVA_HOME}), with output to a log file under
 * {@code target/python-logs} (read back, and kept for CI artifacts). {@code SPARK_HOME} is removed
 * from the environment: pyspark then uses the Spark jars it ships.
 *
 * @param exitCode the process's exit status
 * @param output stdout and stderr, interleaved
 * @param log the log file
 */
record PythonRun(int exitCode, String output, Path log) {

  /** The runtime jar (connector/target/deeplake-spark-runtime-VERSION.jar), checked to exist. */
  static String runtimeJar() {
    String jar = System.getProperty("deeplake4j.runtimeJar");
    assertThat(jar).as("deeplake4j.runtimeJar (set by the failsafe configuration)").isNotNull();
    assertThat(Path.of(jar)).as("the shaded runtime jar (built at package)").exists();
    return jar;
  }

  /** A directory of this module given as a system property by the failsafe configuration. */
  static Path dir(String property) {
    String p = System.getProperty(property);
    assertThat(p).as(property + " (set by the failsafe configuration)").isNotNull();
    return Path.of(p);
  }

  /**
   * Runs {@code script} (a file of {@code src/test/python}) with {@code args}; kills it after
   * {@code timeout}.
   */
  static PythonRun run(String script, List<String> args, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    Path venv = dir("deeplake4j.pysparkEnv");
    Path python = venv.resolve("bin").resolve("python");
    assertThat(python)
        .as("the PySpark venv's python (made by connector/src/test/python/setup_venv.sh)")
        .exists();
    Path scripts = dir("deeplake4j.pythonDir");
    Path logs = Files.createDirectories(Path.of("target", "python-logs"));
    Path log = logs.resolve(script.replace(".py", "") + "-" + System.currentTimeMillis() + ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(python.toString());
    cmd.add(scripts.resolve(script).toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    e.remove("SPARK_HOME");
    e.remove("SPARK_SCALA_VERSION");
    e.remove("PYSPARK_SUBMIT_ARGS");
    e.put("JAVA_HOME", System.getProperty("java.home"));
    e.put(
        "PATH",
        Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator + e.get("PATH"));
    e.put("PYSPARK_PYTHON", python.toString());
    e.put("PYSPARK_DRIVER_PYTHON", python.toString());
    e.put("PYTHONUNBUFFERED", "1");
    e.put("PYTHONDONTWRITEBYTECODE", "1");
    e.putAll(env);
    Process p = pb.start();
    boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    if (!done) {
      throw new AssertionError(
          script + " did not finish within " + timeout + "; killed. Output (" + log + "):\n" + out);
    }
    return new PythonRun(p.exitValue(), out, log);
  }

  /** The output's lines that start with {@code prefix}. */
  List<String> lines(String prefix) {
    List<String> out = new ArrayList<>();
    for (String l : output.split("\\R")) {
      if (l.startsWith(prefix)) {
        out.add(l);
      }
    }
    return out;
  }
}
