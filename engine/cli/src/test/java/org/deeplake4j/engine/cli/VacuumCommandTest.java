package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.FaultInjectingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.StorageException;
import org.deeplake4j.engine.types.CommitNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deeplake vacuum}: unreferenced chunks and folders of versions outside the tree go when old
 * enough; every version reads the same afterwards; a running writer's staged files survive.
 */
class VacuumCommandTest {
  @TempDir Path dir;

  private static final OpenOptions WRITABLE = OpenOptions.defaults().withReadOnly(false);

  private static void rows(Dataset ds, long from, int n) {
    for (long i = from; i < from + n; i++) {
      ds.append(Map.of("v", i, "t", "row" + i));
    }
  }

  /** Every version's every sample, as text, by ref. */
  private static Map<String, List<String>> everything(String path) {
    Map<String, List<String>> out = new TreeMap<>();
    List<String> refs = new ArrayList<>();
    try (Dataset ds = Dataset.open(path)) {
      refs.addAll(ds.branches());
      ds.versionGraph().nodes().values().stream()
          .filter(n -> !n.isHead())
          .map(CommitNode::id)
          .forEach(refs::add);
    }
    for (String ref : refs) {
      try (Dataset ds = Dataset.open(path, ref)) {
        List<String> samples = new ArrayList<>();
        for (String n : ds.tensorNames(true)) {
          Tensor t = ds.tensor(n);
          for (long i = 0; i < t.length(); i++) {
            samples.add(n + "[" + i + "]=" + (n.equals("t") ? t.text(i) : t.numpy(i).toString()));
          }
        }
        out.put(ref, samples);
      }
    }
    return out;
  }

  private static void age(Path root, Duration by) throws Exception {
    FileTime old = FileTime.from(Instant.now().minus(by));
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  @Test
  void deletesOldUnreferencedFilesOnlyAndKeepsEveryVersion() throws Exception {
    Path root = dir.resolve("ds");
    String path = root.toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64").withMaxChunkSize(64));
      ds.createTensor("t", TensorSpec.of("text"));
      rows(ds, 0, 6);
      ds.commit("base");
      rows(ds, 6, 4);
      ds.tensor("v").update(1, 100L);
      ds.commit("second");
      // A published HEAD with changes that reset() then replaces: its folder leaves the tree.
      rows(ds, 10, 3);
      ds.flush();
      ds.reset();
      ds.checkout("alt", true);
      rows(ds, 20, 2);
      ds.commit("on alt");
    }
    // A writer that staged rows (flushed into its private node by a read) and died: every write
    // after that fails, so closing it writes nothing.
    FaultInjectingStorage disk = new FaultInjectingStorage(new LocalStorage(root));
    Dataset dead = Dataset.open(disk, WRITABLE);
    rows(dead, 30, 5);
    assertThat(dead.tensor("v").length()).isEqualTo(15);
    String deadNode = dead.nodeId();
    disk.failFrom(1, FaultInjectingStorage.WRITES);
    assertThatThrownBy(dead::close).isInstanceOf(StorageException.class);
    assertThat(Files.exists(root.resolve("versions/" + deadNode + "/v/chunks"))).isTrue();
    // The dead writer's lease stays; make it one that expired long ago (as after 300 s).
    List<String> leases;
    try (Stream<Path> s = Files.list(root.resolve(".deeplake4j/writers"))) {
      leases = s.map(p -> root.relativize(p).toString()).toList();
    }
    assertThat(leases).hasSize(1);
    Files.writeString(
        root.resolve(leases.get(0)), "{\"branch\":\"main\",\"expires\":1.0,\"pid\":1}");
    Map<String, List<String>> before = everything(path);
    age(root, Duration.ofHours(2));

    // A live writer, younger than the threshold: its staged chunks must survive.
    try (Dataset live = Dataset.open(path, WRITABLE)) {
      rows(live, 40, 2);
      assertThat(live.tensor("v").length()).isEqualTo(12);
      String liveNode = live.nodeId();

      Cli.Result dry = Cli.run("vacuum", path, "--older-than", "1h", "--dry-run");
      assertThat(dry.exitCode()).as(dry.toString()).isZero();
      assertThat(dry.out()).contains("would delete versions/" + deadNode + "/v/chunks/");
      assertThat(dry.out()).doesNotContain(liveNode);
      assertThat(dry.out()).contains("would delete " + leases.get(0));
      assertThat(dry.out()).as("the live writer's lease stays").containsOnlyOnce(".deeplake4j/");
      assertThat(dry.outLines().get(dry.outLines().size() - 1))
          .contains("would be deleted")
          .contains("older than PT1H");
      assertThat(everything(path)).isEqualTo(before);
      assertThat(Files.exists(root.resolve("versions/" + deadNode))).isTrue();

      Cli.Result young = Cli.run("vacuum", path, "--older-than", "3h");
      assertThat(young.exitCode()).isZero();
      assertThat(young.outLines()).hasSize(1);
      assertThat(young.out()).contains("0 unreferenced chunk file(s) and 0 file(s)");

      Cli.Result run = Cli.run("vacuum", path, "--older-than", "1h");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.outLines()).hasSize(dry.outLines().size());
      assertThat(run.out()).contains("deleted versions/" + deadNode + "/v/chunks/");
      assertThat(Files.exists(root.resolve("versions/" + deadNode))).isFalse();
      assertThat(everything(path)).isEqualTo(before);
      live.commit("after vacuum");
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("v").length()).isEqualTo(12);
      assertThat(ds.tensor("v").numpy(11).getLong(0)).isEqualTo(41L);
    }
    Cli.Result again = Cli.run("vacuum", path, "--older-than", "1h");
    assertThat(again.out()).contains("0 unreferenced chunk file(s)");
  }

  @Test
  void badDurationsAreUsageErrors() {
    Cli.Result r = Cli.run("vacuum", dir.toString(), "--older-than", "soon");
    assertThat(r.exitCode()).isEqualTo(DeepLakeCli.EXIT_USAGE);
    assertThat(r.err()).contains("'soon' is not a duration");
    Cli.Result missing = Cli.run("vacuum", dir.toString());
    assertThat(missing.exitCode()).isEqualTo(DeepLakeCli.EXIT_USAGE);
    assertThat(missing.err()).contains("--older-than");
  }

  @Test
  void durationsParse() {
    var c = new VacuumCommand.DurationConverter();
    assertThat(c.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.convert("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.convert("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(c.convert("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(c.convert("PT1H")).isEqualTo(Duration.ofHours(1));
  }
}
