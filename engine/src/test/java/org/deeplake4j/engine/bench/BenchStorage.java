package org.deeplake4j.engine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.storage.Storage;

/**
 * The storage a benchmark reads from: {@code memory} ({@link MemoryStorage}, which copies each
 * object on get) or {@code local} ({@link LocalStorage} in a temporary folder, read through the
 * page cache). Deleted on {@link #close()}.
 */
final class BenchStorage implements AutoCloseable {
  final Storage storage;
  private final Path dir;

  BenchStorage(String kind) {
    switch (kind) {
      case "memory":
        storage = new MemoryStorage("bench");
        dir = null;
        break;
      case "local":
        try {
          dir = Files.createTempDirectory("deeplake4j-bench");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        storage = new LocalStorage(dir);
        break;
      default:
        throw new IllegalArgumentException("storage must be memory or local, not " + kind);
    }
  }

  @Override
  public void close() {
    storage.close();
    if (dir != null) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
