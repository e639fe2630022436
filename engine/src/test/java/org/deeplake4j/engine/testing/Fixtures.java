package org.deeplake4j.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.deeplake4j.engine.internal.format.Json;

/** Locates the shared reference data (../shared) that CI provides next to the repository. */
public final class Fixtures {
  private Fixtures() {}

  /** The shared/ folder: system property {@code deeplake4j.shared}, else found upwards. */
  public static Path shared() {
    String p = System.getProperty("deeplake4j.shared");
    if (p != null && Files.isDirectory(Path.of(p))) {
      return Path.of(p).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path cand = dir.resolve("shared");
      if (Files.isDirectory(cand.resolve("fixtures"))) {
        return cand;
      }
      cand = dir.resolveSibling("shared");
      if (Files.isDirectory(cand.resolve("fixtures"))) {
        return cand;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "shared/ reference data not found: set -Ddeeplake4j.shared=/path/to/shared");
  }

  /** ../shared/fixtures/deeplake-v3. */
  public static Path v3Fixtures() {
    return shared().resolve("fixtures/deeplake-v3");
  }

  /** ../shared/format/deeplake_v3_examples/data. */
  public static Path formatExamples() {
    return shared().resolve("format/deeplake_v3_examples/data");
  }

  /** The fixture case folders (each with dataset/ and expected.json), sorted. */
  public static List<Path> cases() {
    try (Stream<Path> s = Files.list(v3Fixtures())) {
      return s.filter(p -> Files.exists(p.resolve("expected.json"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON file. */
  public static JsonNode readJson(Path p) {
    try {
      return Json.parse(Files.readAllBytes(p), p.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies a directory tree (tests that may write work on copies). */
  public static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
