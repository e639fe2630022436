package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.testing.ChildJvm;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.CommitNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writer processes killed with SIGKILL at random points of their append/commit loops (10 kills, two
 * writers running at a time): after every kill the dataset reads consistently at every version,
 * every commit a writer reported is there with all its rows, no row appears twice, and at the end
 * Python deeplake 3.9.52 reads every version as Java does.
 */
class KilledWritersTest {
  static final int KILLS = 10;
  static final int ROWS = 5;

  @TempDir Path dir;

  private record Reported(int writer, String commit, long rows) {}

  private static List<Reported> reported(Path log) throws Exception {
    List<Reported> out = new ArrayList<>();
    for (String line : Files.readString(log).split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length == 5 && f[0].equals("committed")) {
        out.add(new Reported(Integer.parseInt(f[1]), f[3], Long.parseLong(f[4])));
      }
    }
    return out;
  }

  private static void checkEverything(String path, List<Reported> reported) {
    VersionDigests.read(path); // integrity of every version
    try (Dataset ds = Dataset.open(path)) {
      for (CommitNode c : ds.log()) {
        try (Dataset at = Dataset.open(path, c.id())) {
          ConcurrentWritersTest.checkRows(at)
              .values()
              .forEach(n -> assertThat(n % ROWS).as("whole rounds at %s", c.id()).isZero());
        }
      }
      ConcurrentWritersTest.checkRows(ds);
      for (Reported r : reported) {
        assertThat(ds.versionGraph().nodes())
            .as("reported commit %s", r.commit())
            .containsKey(r.commit());
        try (Dataset at = Dataset.open(path, r.commit())) {
          assertThat(ConcurrentWritersTest.checkRows(at).get(r.writer()))
              .as("rows of writer %d at its commit %s", r.writer(), r.commit())
              .isEqualTo(r.rows());
        }
      }
    }
  }

  @Test
  void killedWritersNeverLeaveAnInconsistentVersion() throws Exception {
    String path = ConcurrentWritersTest.base(dir.resolve("ds"));
    Random rnd = new Random(20261122L);
    List<Reported> reported = new ArrayList<>();
    int kills = 0;
    int writer = 1;
    List<String> when = new ArrayList<>();
    while (kills < KILLS) {
      Path logA = dir.resolve("w" + writer + ".log");
      Path logB = dir.resolve("w" + (writer + 1) + ".log");
      Process a =
          ChildJvm.start(
              logA,
              WriterProcess.class,
              path,
              Integer.toString(writer),
              "1000",
              Integer.toString(ROWS));
      Process b =
          ChildJvm.start(
              logB,
              WriterProcess.class,
              path,
              Integer.toString(writer + 1),
              "1000",
              Integer.toString(ROWS));
      for (Process p : List.of(a, b)) {
        long ms = 800 + rnd.nextInt(3500);
        Thread.sleep(ms);
        assertThat(p.isAlive())
            .as("writer still running when killed; log %s", Files.readString(logA))
            .isTrue();
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        kills++;
        when.add(ms + " ms");
        reported.addAll(reported(p == a ? logA : logB));
        checkEverything(path, reported);
      }
      writer += 2;
    }
    System.out.println("kills after " + when + "; " + reported.size() + " commits reported");
    assertThat(reported).as("the writers got commits in before being killed").isNotEmpty();
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.log().size()).isGreaterThanOrEqualTo(reported.size() + 1);
    }
    Map<String, Map<String, VersionDigests.Digest>> java = VersionDigests.read(path);
    Path out = dir.resolve("python.json");
    PythonDeeplake.run(1200, "read_versions.py", out.toString(), path);
    JsonNode py = Fixtures.readJson(out);
    VersionDigests.assertPythonReadsTheSame(py.get(path), java);
  }
}
