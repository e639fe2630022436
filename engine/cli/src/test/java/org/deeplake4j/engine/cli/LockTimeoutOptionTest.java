package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --lock-timeout} of the commands that write: 0 fails at once while another writer holds the
 * branch; the default waits for it.
 */
class LockTimeoutOptionTest {
  @TempDir Path dir;

  /** A committed dataset with tensor x; returns its path. */
  private String dataset() {
    String path = dir.resolve("ds").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      ds.append(Map.of("x", 1L));
      ds.commit("one");
    }
    return path;
  }

  /**
   * Writes a Python writer's lock (a node id, a pid that proves nothing) at main's HEAD, valid for
   * 300 s; returns its file.
   */
  private static Path holdAsPython(String path) throws Exception {
    String head;
    try (Dataset ds = Dataset.open(path)) {
      head = ds.nodeId();
    }
    Instant t = Instant.now();
    byte[] pid = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4242).array();
    byte[] rec =
        new DatasetLock.LockRecord(
                0x02fc00000001L, t.getEpochSecond() + t.getNano() / 1e9 + 300, pid)
            .toBytes();
    Path lock = Path.of(path).resolve(DatasetLock.lockKey(head));
    Files.write(lock, rec);
    return lock;
  }

  /** Deletes {@code lock} (the Python writer closes) half a second from now. */
  private static CompletableFuture<Void> releaseSoon(Path lock) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            Thread.sleep(500);
            Files.delete(lock);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void zeroFailsAtOnceWithOneLine() throws Exception {
    String path = dataset();
    holdAsPython(path);
    for (String[] args :
        new String[][] {
          {"commit", path, "-m", "m", "--allow-empty", "--lock-timeout", "0"},
          {"reset", path, "--lock-timeout=0"},
          {"branch", path, "b", "--lock-timeout", "0"},
          {"delete-branch", path, "b", "--lock-timeout", "0"},
        }) {
      String err = ImportCommandTest.fails(Cli.run(args));
      assertThat(err)
          .as(args[0])
          .contains("is locked for writing")
          .contains("node 0x02fc00000001 tag 4242");
    }
  }

  @Test
  void theDefaultWaitsForTheOtherWriter() throws Exception {
    String path = dataset();
    Path lock = holdAsPython(path);
    CompletableFuture<Void> release = releaseSoon(lock);
    Cli.Result r = Cli.run("commit", path, "-m", "after the wait", "--allow-empty");
    release.join();
    assertThat(ImportCommandTest.ok(r).outLines()).hasSize(1);
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.log()).extracting(c -> c.message()).contains("after the wait");
    }
  }

  @Test
  void importWaitsAsLongAsItIsTold() throws Exception {
    String path = dataset();
    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, "{\"tensors\": [{\"name\": \"x\", \"dtype\": \"int64\"}]}");
    Path rows = dir.resolve("rows.jsonl");
    Files.writeString(rows, "{\"x\": 2}\n{\"x\": 3}\n", StandardCharsets.UTF_8);
    Path lock = holdAsPython(path);
    String[] args = {
      "import", path, "--schema", schema.toString(), "--jsonl", rows.toString(), "--lock-timeout"
    };
    assertThat(ImportCommandTest.fails(Cli.run(append(args, "0"))))
        .contains("is locked for writing");
    CompletableFuture<Void> release = releaseSoon(lock);
    ImportCommandTest.ok(Cli.run(append(args, "2m")));
    release.join();
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("x").length()).isEqualTo(3);
    }
  }

  private static String[] append(String[] a, String last) {
    String[] b = java.util.Arrays.copyOf(a, a.length + 1);
    b[a.length] = last;
    return b;
  }

  @Test
  void badDurationsAreUsageErrorsAndHelpNamesTheDefault() {
    Cli.Result r = Cli.run("commit", dir.toString(), "-m", "m", "--lock-timeout", "soon");
    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("deeplake: ").contains("'soon' is not a duration");
    for (String cmd :
        new String[] {"import", "commit", "branch", "reset", "delete-branch", "merge", "views"}) {
      Cli.Result help = Cli.run(cmd, "--help");
      assertThat(help.out()).as(cmd).contains("--lock-timeout=DURATION").contains("(default: 5m)");
    }
    assertThat(new LockTimeoutArg().lockTimeout).hasMinutes(5);
  }
}
