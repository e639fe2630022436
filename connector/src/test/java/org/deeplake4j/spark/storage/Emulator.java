package org.deeplake4j.spark.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A storage emulator process on 127.0.0.1 (moto's S3 server or Azurite's blob server), started by
 * the tests and stopped with {@link #close()} (and at JVM exit at the latest). The executables come
 * from the file named by the system property {@code deeplake4j.emulators}, which the build's {@code
 * emulators} step (connector/src/test/emulators/setup_emulators.sh) writes; a missing emulator
 * fails the test, it never skips it.
 */
public final class Emulator implements AutoCloseable {
  final String name;
  public final int port;
  private final Process process;
  private final Path log;

  private Emulator(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** The executable recorded under {@code key} (moto.server, azurite.blob). */
  static Path executable(String key) {
    String file = System.getProperty("deeplake4j.emulators");
    String fix =
        " Run `mvn -pl connector generate-test-resources` (it runs"
            + " connector/src/test/emulators/setup_emulators.sh; needs python3 with venv, npm and"
            + " access to PyPI and the npm registry once).";
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new IllegalStateException("no emulator list at " + file + "." + fix);
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String exe = p.getProperty(key);
    if (exe == null || !Files.isExecutable(Path.of(exe))) {
      throw new IllegalStateException("emulator " + key + " is not installed (" + exe + ")." + fix);
    }
    return Path.of(exe);
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code command} (which listens on {@code port}) and waits until it answers HTTP on
   * 127.0.0.1.
   */
  static Emulator start(String name, int port, List<String> command, Map<String, String> env) {
    try {
      Path log = Files.createTempFile("deeplake4j-" + name + "-", ".log");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      Emulator e = new Emulator(name, port, p, log);
      Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
      e.awaitReady(Duration.ofSeconds(90));
      return e;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(2))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        name
            + " did not answer on port "
            + port
            + " within "
            + timeout
            + ": "
            + Files.readString(log));
  }

  /** An HTTP request to the emulator (bucket creation); returns the status. */
  int request(String method, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .method(method, HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a leftover log in /tmp is harmless
    }
  }
}
