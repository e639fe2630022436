package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vacuum decides what is garbage from the version tree and each tensor's keys, never from a
 * folder's name: tensors and groups named after the folders and files of the layout ({@code
 * versions}, {@code chunks}, {@code chunks_index}, {@code .queries}, {@code
 * version_control_info.json}, {@code .deeplake4j/writers}, ...), with several commits, a branch, a
 * deleted tensor and uncommitted changes, keep every file; only the planted garbage goes. Every
 * version then reads as before in Java, and Python deeplake 3.9.52 reads every version as Java does
 * (read_versions.py, with its integrity check).
 */
class VacuumLayoutNamesTest {
  @TempDir Path dir;

  /** Names Python 3.9.52 accepts for tensors at the root (first commit) on local storage. */
  static final List<String> ROOT_TENSORS =
      List.of(
          "versions",
          "chunks",
          "chunks_index",
          "tiles_index",
          "sequence_index",
          "pad_index",
          "creds_index",
          "vdb_indexes",
          "chunk_set",
          "commit_diff",
          "tensor_meta.json",
          "tensor_info.json",
          "queries",
          ".queries",
          "version_control_info",
          "wandb.json",
          "local_download_timestamp",
          ".deeplake4j");

  /** Names of root-only dataset files: accepted for tensors created after the first commit. */
  static final List<String> LATER_TENSORS =
      List.of(
          "version_control_info.json",
          "version_control_info.lock",
          "linked_creds.json",
          "queries.json",
          "queries.lock");

  /** Tensors in groups named after layout folders and files. */
  static final List<String> ROOT_GROUP_TENSORS =
      List.of(
          "versions/versions",
          "versions/chunks",
          "versions/chunks_index",
          "versions/tiles_index",
          "versions/dataset_meta.json",
          "versions/commit_info.json",
          "versions/dataset_lock.lock",
          "versions/version_control_info.json",
          "versions/0123456789abcdef0123456789abcdef01234567",
          "versions/g/chunks",
          "chunks/chunks_index",
          "chunks_index/unsharded",
          ".queries/v1",
          "queries/x",
          ".deeplake4j/writers",
          "tensor_meta.json/x",
          "commit_diff/chunk_set");

  static final List<String> LATER_GROUP_TENSORS =
      List.of("version_control_info.json/x", "queries.json/y", "versions/later");

  /** A folder of a version the tree does not contain. */
  static final String DEAD = "versions/" + "dead".repeat(10) + "/";

  private static TensorSpec spec(String name) {
    TensorSpec s = TensorSpec.generic().withDtype("int64").withMaxChunkSize(64);
    // A few keep Python's hidden companions (under the group for grouped ones: versions/_x_id).
    return name.equals("versions") || name.equals("versions/versions") ? s : s.withoutCompanions();
  }

  private static void rows(Dataset ds, List<String> names, long from, int n) {
    for (long i = from; i < from + n; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int t = 0; t < names.size(); t++) {
        row.put(names.get(t), i + 1000L * t);
      }
      ds.append(row);
    }
  }

  /**
   * Two commits on main (the second adds tensors and rewrites a root chunk), a branch with a commit
   * that deletes a tensor, and uncommitted changes on both branches.
   */
  private static void history(Path root, List<String> first, List<String> later) {
    List<String> all = new ArrayList<>(first);
    all.addAll(later);
    try (Dataset ds = Dataset.create(root.toString())) {
      for (String n : first) {
        ds.createTensor(n, spec(n));
      }
      rows(ds, first, 0, 6);
      ds.commit("first");
      rows(ds, first, 6, 3);
      for (String n : first) {
        ds.update(n, 1, -1L);
      }
      for (String n : later) {
        ds.createTensor(n, spec(n));
      }
      rows(ds, later, 0, 9);
      ds.commit("second");
      ds.checkout("alt", true);
      rows(ds, all, 20, 2);
      String gone = first.get(2);
      ds.deleteTensor(gone);
      all.remove(gone);
      ds.commit("on alt");
      rows(ds, all, 30, 2);
      ds.checkout("main");
      all.add(gone);
      rows(ds, all, 40, 2);
      ds.update(first.get(0), 0, -2L);
    }
  }

  /** No commit at all: the root is the HEAD of main, with its changes. */
  private static void rootHead(Path root, List<String> names) {
    try (Dataset ds = Dataset.create(root.toString())) {
      for (String n : names) {
        ds.createTensor(n, spec(n));
      }
      rows(ds, names, 0, 7);
      ds.update(names.get(0), 2, -3L);
    }
  }

  /**
   * Plants garbage next to the data: a copy of root tensor {@code copied} in a version folder
   * outside the tree, a chunk of root tensor {@code orphaned} no version references, an expired
   * lease. Returns its keys.
   */
  private static List<String> plantGarbage(Path root, String copied, String orphaned)
      throws Exception {
    List<String> keys = new ArrayList<>();
    try (LocalStorage s = new LocalStorage(root)) {
      for (String k : s.list(copied + "/")) {
        s.put(DEAD + k, s.get(k));
        keys.add(DEAD + k);
      }
      s.put(DEAD + "dataset_meta.json", s.get("dataset_meta.json"));
      keys.add(DEAD + "dataset_meta.json");
      String chunk = s.list(orphaned + "/chunks/").get(0);
      String orphan = orphaned + "/chunks/00000000deadbeef";
      s.put(orphan, s.get(chunk));
      keys.add(orphan);
      String lease = DatasetLock.LEASE_PREFIX + "0123456789abcdef01234567.lock";
      s.put(
          lease,
          "{\"branch\":\"main\",\"expires\":1.0,\"pid\":1}".getBytes(StandardCharsets.UTF_8));
      keys.add(lease);
    }
    return keys;
  }

  /**
   * The garbage vacuum must delete: the planted keys, and every file of a version folder (one with
   * its own {@code dataset_meta.json}) that the tree does not contain, such as HEADs that a publish
   * replaced.
   */
  private static Set<String> garbage(Path root, List<String> planted) {
    Set<String> out = new TreeSet<>(planted);
    try (LocalStorage s = new LocalStorage(root)) {
      Set<String> nodes = VersionGraph.load(s).nodes().keySet();
      List<String> all = s.list("");
      for (String k : all) {
        String[] p = k.split("/");
        if (p.length == 3
            && p[0].equals("versions")
            && p[2].equals("dataset_meta.json")
            && !nodes.contains(p[1])) {
          all.stream().filter(x -> x.startsWith("versions/" + p[1] + "/")).forEach(out::add);
        }
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

  /**
   * Runs vacuum as {@code deeplake vacuum PATH --older-than 0s} does; returns the keys it deleted.
   */
  private static List<String> vacuum(Path root) {
    try (LocalStorage s = new LocalStorage(root)) {
      List<String> deleted = new ArrayList<>();
      for (Vacuum.Entry e : Vacuum.run(s, Duration.ZERO, false, Instant.now())) {
        deleted.add(e.key());
      }
      return deleted;
    }
  }

  @Test
  void tensorsAndGroupsNamedLikeTheLayoutKeepEveryVersion() throws Exception {
    Path tensors = dir.resolve("tensors");
    Path groups = dir.resolve("groups");
    Path rootHead = dir.resolve("root-head");
    history(tensors, ROOT_TENSORS, LATER_TENSORS);
    history(groups, ROOT_GROUP_TENSORS, LATER_GROUP_TENSORS);
    rootHead(rootHead, ROOT_TENSORS);

    Map<Path, Set<String>> garbage = new LinkedHashMap<>();
    garbage.put(tensors, garbage(tensors, plantGarbage(tensors, "chunks", "versions")));
    garbage.put(
        groups, garbage(groups, plantGarbage(groups, "chunks_index/unsharded", "versions/chunks")));
    garbage.put(rootHead, garbage(rootHead, plantGarbage(rootHead, "chunks", "versions")));

    Map<String, Map<String, Map<String, VersionDigests.Digest>>> before = new TreeMap<>();
    for (Path p : garbage.keySet()) {
      before.put(p.toString(), VersionDigests.read(p.toString()));
      age(p, Duration.ofHours(1));
    }
    for (var e : garbage.entrySet()) {
      assertThat(new TreeSet<>(vacuum(e.getKey())))
          .as("what vacuum deleted in %s", e.getKey().getFileName())
          .containsExactlyInAnyOrderElementsOf(e.getValue());
      assertThat(vacuum(e.getKey())).as("a second vacuum of %s", e.getKey()).isEmpty();
    }
    for (Path p : garbage.keySet()) {
      assertThat(VersionDigests.read(p.toString()))
          .as("every version of %s reads as before the vacuum", p.getFileName())
          .isEqualTo(before.get(p.toString()));
    }

    Path out = dir.resolve("python.json");
    List<String> args = new ArrayList<>();
    args.add(out.toString());
    garbage.keySet().forEach(p -> args.add(p.toString()));
    PythonDeeplake.run(900, "read_versions.py", args.toArray(String[]::new));
    JsonNode py = Fixtures.readJson(out);
    for (Path p : garbage.keySet()) {
      VersionDigests.assertPythonReadsTheSame(py.get(p.toString()), before.get(p.toString()));
    }
  }
}
