package org.deeplake4j.engine.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalStorage#putIfMatch} across processes: child JVMs ({@link CasCounterMain}) increment
 * one counter file with compare-and-set; no update may be lost.
 */
class LocalStorageCrossProcessTest {
  @TempDir Path dir;

  Path root() {
    return dir.resolve("ds");
  }

  /** 4 JVMs x 50 compare-and-set increments of one file: no update may be lost. */
  @Test
  void putIfMatchCounterAcrossProcesses() throws Exception {
    runCounterProcesses(4, 50, 0);
  }

  /**
   * The same while two threads in every child keep reading the counter: a read opens and closes the
   * file, which must not release the cross-process lock of a concurrent putIfMatch.
   */
  @Test
  void putIfMatchCounterAcrossProcessesWithConcurrentReaders() throws Exception {
    runCounterProcesses(4, 50, 2);
  }

  private void runCounterProcesses(int procs, int perProc, int readers) throws Exception {
    LocalStorage storage = new LocalStorage(root());
    storage.put("counter", "0".getBytes(UTF_8));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int p = 0; p < procs; p++) {
      Path out = dir.resolve("child-" + p + ".out");
      outputs.add(out);
      children.add(
          new ProcessBuilder(
                  java,
                  "-Xmx64m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CasCounterMain.class.getName(),
                  root().toString(),
                  "counter",
                  Integer.toString(perProc),
                  Integer.toString(readers))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start());
    }
    for (int p = 0; p < procs; p++) {
      Process c = children.get(p);
      if (!c.waitFor(180, TimeUnit.SECONDS)) {
        children.forEach(Process::destroyForcibly);
        throw new AssertionError("child " + p + " did not finish in 180 s");
      }
      assertThat(c.exitValue())
          .as("child %d exit code; output:%n%s", p, Files.readString(outputs.get(p)))
          .isZero();
    }
    List<Long> written = new ArrayList<>();
    int conflicts = 0;
    for (Path out : outputs) {
      for (String line : Files.readAllLines(out, UTF_8)) {
        if (line.startsWith("conflicts=")) {
          conflicts += Integer.parseInt(line.substring("conflicts=".length()));
        } else if (!line.isBlank()) {
          written.add(Long.parseLong(line.trim()));
        }
      }
    }
    long total = (long) procs * perProc;
    assertThat(Long.parseLong(new String(storage.get("counter"), UTF_8))).isEqualTo(total);
    assertThat(written.stream().sorted().collect(Collectors.toList()))
        .as("every value 1..%d written exactly once (%d lost races retried)", total, conflicts)
        .isEqualTo(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toList()));
    assertThat(storage.list("")).containsExactly("counter");
  }
}
