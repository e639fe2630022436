package org.deeplake4j.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts of the Python interop harness (engine/src/test/python) with the venv that holds the
 * real deeplake 3.9.52 (made by the build's {@code python-venv} step from PyPI).
 */
public final class PythonDeeplake {
  private PythonDeeplake() {}

  /** The venv's python; fails the test with a fix-it message when the venv is missing. */
  public static Path python() {
    String env = System.getProperty("deeplake4j.pyenv");
    assertThat(env).as("system property deeplake4j.pyenv (set by the Maven build)").isNotNull();
    Path py = Path.of(env, "bin", "python");
    assertThat(Files.isExecutable(py))
        .as(
            "Python venv with deeplake 3.9.52 at %s; create it with: bash"
                + " engine/src/test/python/setup_venv.sh %s",
            py, env)
        .isTrue();
    return py;
  }

  /** engine/src/test/python, from the engine, the CLI module (engine/cli) or the repo root. */
  public static Path scripts() {
    Path p = Path.of("src/test/python").toAbsolutePath();
    if (!Files.isDirectory(p)) {
      p = Path.of("../src/test/python").toAbsolutePath().normalize();
    }
    if (!Files.isDirectory(p)) {
      p = Path.of("engine/src/test/python").toAbsolutePath();
    }
    return p;
  }

  /**
   * Starts {@code script args...} in the background with stdout and stderr going to {@code log};
   * the caller waits for it (and kills it if needed).
   */
  public static Process start(Path log, String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python().toString());
    cmd.add(scripts().resolve(script).toString());
    cmd.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      p.getOutputStream().close();
      return p;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code script args...}; returns its combined output, failing the test (with the output) on
   * a non-zero exit or after {@code timeoutSeconds}.
   */
  public static String run(long timeoutSeconds, String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python().toString());
    cmd.add(scripts().resolve(script).toString());
    cmd.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("deeplake4j-py", ".log");
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      p.getOutputStream().close();
      boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      Files.deleteIfExists(log);
      assertThat(done)
          .as("%s finished within %ds; output:%n%s", script, timeoutSeconds, out)
          .isTrue();
      assertThat(p.exitValue()).as("exit code of %s; output:%n%s", cmd, out).isZero();
      return out;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
