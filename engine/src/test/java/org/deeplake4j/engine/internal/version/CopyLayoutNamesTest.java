package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Dataset.copy} decides what it leaves behind from the layout, never from a folder's name:
 * only writers' locks ({@code dataset_lock.lock}, {@code version_control_info.lock}, {@code
 * queries.lock}) and leases named as {@link DatasetLock} names them stay behind. Tensors and groups
 * named after the layout ({@code .deeplake4j}, {@code .deeplake4j/writers}, {@code versions}, ...)
 * keep every file, and every version of the copy reads as the source's (in Java, and in Python
 * deeplake 3.9.52 through read_versions.py), while a writer holds the source's lock and a live
 * lease sits next to it.
 */
class CopyLayoutNamesTest {
  @TempDir Path dir;

  private static TensorSpec spec(String name) {
    TensorSpec s = TensorSpec.generic().withDtype("int64").withMaxChunkSize(64);
    return name.equals("versions") || name.equals(".deeplake4j/writers")
        ? s
        : s.withoutCompanions();
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

  /** Two commits on main, a branch with a commit, and uncommitted changes on main. */
  private static void history(Path root, List<String> first, List<String> later) {
    List<String> all = new ArrayList<>(first);
    all.addAll(later);
    try (Dataset ds = Dataset.create(root.toString())) {
      for (String n : first) {
        ds.createTensor(n, spec(n));
      }
      rows(ds, first, 0, 6);
      ds.commit("first");
      for (String n : later) {
        ds.createTensor(n, spec(n));
      }
      rows(ds, all, 6, 3);
      ds.update(first.get(0), 1, -1L);
      ds.commit("second");
      ds.checkout("alt", true);
      rows(ds, all, 20, 2);
      ds.commit("on alt");
      ds.checkout("main");
      rows(ds, all, 40, 2);
    }
  }

  private static Set<String> keys(Path root) {
    try (LocalStorage s = new LocalStorage(root)) {
      return new TreeSet<>(s.list(""));
    }
  }

  private static boolean isLockOrLease(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    return key.matches(java.util.regex.Pattern.quote(DatasetLock.LEASE_PREFIX) + "[0-9a-f]+\\.lock")
        || (file.equals(Layout.DATASET_LOCK)
            && (key.equals(file) || key.matches("versions/[^/]+/" + file)))
        || key.equals(Layout.VERSION_CONTROL_INFO_LOCK)
        || key.equals(Layout.QUERIES_LOCK);
  }

  private void copiesEveryVersion(String label, List<String> first, List<String> later)
      throws Exception {
    Path src = dir.resolve(label);
    Path dst = dir.resolve(label + "-copy");
    history(src, first, later);
    String lease = DatasetLock.LEASE_PREFIX + "0123456789abcdef01234567.lock";
    try (LocalStorage s = new LocalStorage(src)) {
      double expires = System.currentTimeMillis() / 1000.0 + 3600;
      s.put(
          lease,
          ("{\"branch\":\"main\",\"expires\":" + expires + ",\"pid\":1}")
              .getBytes(StandardCharsets.UTF_8));
    }
    var before = VersionDigests.read(src.toString());
    Set<String> expected = new TreeSet<>();
    try (Dataset writer = Dataset.openWritable(src.toString())) {
      writer.append(first.get(0), 7L); // staged, not published: not in the copy
      Set<String> srcKeys = keys(src);
      assertThat(srcKeys).as("the source holds a live lease").contains(lease);
      assertThat(srcKeys.stream().filter(k -> k.endsWith(Layout.DATASET_LOCK)))
          .as("the source's HEAD is locked by the open writer")
          .isNotEmpty();
      for (String k : srcKeys) {
        if (!isLockOrLease(k)) {
          expected.add(k);
        }
      }
      Dataset.copy(src.toString(), dst.toString(), false);
    }
    assertThat(keys(dst)).as("keys of the copy of %s", label).isEqualTo(expected);
    assertThat(VersionDigests.read(dst.toString()))
        .as("every version of the copy of %s reads as the source", label)
        .isEqualTo(before);
    try (Dataset w = Dataset.open(dst.toString(), OpenOptions.defaults().withReadOnly(false))) {
      assertThat(w.branch()).as("the copy carries no lock: it opens writable").isEqualTo("main");
    }
    Path out = dir.resolve(label + "-python.json");
    PythonDeeplake.run(900, "read_versions.py", out.toString(), dst.toString());
    VersionDigests.assertPythonReadsTheSame(Fixtures.readJson(out).get(dst.toString()), before);
  }

  @Test
  void tensorsNamedLikeTheLayoutKeepTheirFiles() throws Exception {
    copiesEveryVersion(
        "tensors", VacuumLayoutNamesTest.ROOT_TENSORS, VacuumLayoutNamesTest.LATER_TENSORS);
  }

  @Test
  void groupsNamedLikeTheLayoutKeepTheirFiles() throws Exception {
    copiesEveryVersion(
        "groups",
        VacuumLayoutNamesTest.ROOT_GROUP_TENSORS,
        VacuumLayoutNamesTest.LATER_GROUP_TENSORS);
  }
}
