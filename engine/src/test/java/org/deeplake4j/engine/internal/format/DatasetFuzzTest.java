package org.deeplake4j.engine.internal.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.testing.Fixtures;

/**
 * End-to-end fuzzing: a small real dataset in a {@link MemoryStorage} with one file (chosen by the
 * fuzzer) damaged, then opened at every version and read sample by sample, every tensor. Allowed
 * outcomes: success or a {@link DeepLakeException}.
 *
 * <p>Input layout: byte 0 picks the dataset ({@link #DATASETS}), bytes 1-2 (big-endian) the file
 * (an index into the dataset's sorted keys), byte 3 what happens to it ({@link #damage}), bytes 4-5
 * (big-endian) an offset into it, and the rest are the bytes written. Patching real files keeps
 * inputs short and mutations meaningful. Seeds: {@code DatasetFuzzTestInputs/readDamagedDataset/};
 * see engine/FUZZING.md.
 */
class DatasetFuzzTest {
  /** Items and sequences read per tensor (a damaged length could declare billions). */
  private static final long CAP = 512;

  /**
   * Small datasets that together cover lz4, text/json, tiles, sequences, links, versions, png
   * samples and canvases, class labels, groups, renames and deletes. New ones go at the end: the
   * seeds address datasets by index.
   */
  static final List<Path> DATASETS =
      List.of(
          Fixtures.v3Fixtures().resolve("chunk_lz4/dataset"),
          Fixtures.formatExamples().resolve("04_tiling_sequence_link"),
          Fixtures.formatExamples().resolve("05_version_control_and_view"),
          Fixtures.formatExamples().resolve("03_htypes_and_codecs"),
          Fixtures.formatExamples().resolve("07_rename_and_delete"));

  private static final List<Map<String, byte[]>> FILES = new ArrayList<>();

  static {
    for (Path root : DATASETS) {
      FILES.add(load(root));
    }
  }

  static Map<String, byte[]> load(Path root) {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The sorted storage keys of dataset {@code d} (seed files name them by index). */
  static List<String> keys(int d) {
    return new ArrayList<>(FILES.get(d).keySet());
  }

  /** Replace the file with the payload. */
  static final int REPLACE = 0;

  /** Overwrite the file from the offset with the payload (growing it if needed). */
  static final int OVERWRITE = 1;

  /** Cut the file at the offset, then append the payload. */
  static final int TRUNCATE = 2;

  /** Delete the file. */
  static final int DELETE = 3;

  @FuzzTest(maxDuration = "20s")
  void readDamagedDataset(byte[] data) {
    if (data.length < 6) {
      return;
    }
    int d = (data[0] & 0xFF) % FILES.size();
    Map<String, byte[]> files = FILES.get(d);
    List<String> keys = new ArrayList<>(files.keySet());
    String victim = keys.get((((data[1] & 0xFF) << 8) | (data[2] & 0xFF)) % keys.size());
    MemoryStorage storage = new MemoryStorage("fuzz");
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      storage.put(e.getKey(), e.getValue());
    }
    byte[] damaged =
        damage(
            files.get(victim),
            data[3] & 0xFF,
            ((data[4] & 0xFF) << 8) | (data[5] & 0xFF),
            Arrays.copyOfRange(data, 6, data.length));
    if (damaged == null) {
      storage.delete(victim);
    } else {
      storage.put(victim, damaged);
    }
    readEverything(storage);
  }

  /** The damaged file, or null to delete it; {@code op} is taken modulo 4. */
  static byte[] damage(byte[] file, int op, int offset, byte[] payload) {
    int at = offset % (file.length + 1);
    switch (op % 4) {
      case REPLACE:
        return payload;
      case OVERWRITE:
        {
          byte[] out = Arrays.copyOf(file, Math.max(file.length, at + payload.length));
          System.arraycopy(payload, 0, out, at, payload.length);
          return out;
        }
      case TRUNCATE:
        {
          byte[] out = Arrays.copyOf(file, at + payload.length);
          System.arraycopy(payload, 0, out, at, payload.length);
          return out;
        }
      default:
        return null;
    }
  }

  /** Opens every version node and reads everything; only DeepLakeException may escape. */
  static void readEverything(MemoryStorage storage) {
    List<String> refs = new ArrayList<>();
    Set<String> read = new HashSet<>();
    try (Dataset ds = Dataset.open(storage, OpenOptions.defaults())) {
      read.add(ds.nodeId());
      refs.addAll(ds.versionGraph().nodes().keySet());
      exercise(ds);
    } catch (DeepLakeException e) {
      // allowed; other versions may still open
    }
    for (String ref : refs) {
      if (read.add(ref)) {
        try (Dataset ds = Dataset.open(storage, OpenOptions.defaults().withRef(ref))) {
          exercise(ds);
        } catch (DeepLakeException e) {
          // allowed
        }
      }
    }
  }

  private static void exercise(Dataset ds) {
    ds.length();
    ds.maxLength();
    ds.log();
    ds.hasHeadChanges();
    ds.info();
    ds.groups();
    ds.commitId();
    for (String name : ds.tensorNames(true)) {
      try {
        readTensor(ds.tensor(name));
      } catch (DeepLakeException e) {
        // allowed; go on with the next tensor
      }
    }
  }

  static void readTensor(Tensor t) {
    t.describe();
    t.classNames();
    long rows = t.length();
    if (t.isSequence()) {
      for (long r = 0; r < rows && r < CAP; r++) {
        t.sequenceRange(r);
      }
    }
    for (long i = 0; i < t.numItems() && i < CAP; i++) {
      try {
        readItem(t, i);
      } catch (DeepLakeException e) {
        // allowed; go on with the next item
      }
    }
  }

  private static void readItem(Tensor t, long i) {
    t.itemShape(i);
    if (t.isLink()) {
      t.itemLinkPath(i);
      t.itemCredsKey(i);
    } else if (Htypes.isTextLike(t.baseHtype())) {
      t.itemText(i);
      if (!"text".equals(t.baseHtype())) {
        t.itemJson(i);
      }
    } else if (Htypes.MEDIA.contains(t.baseHtype()) || t.dtype() == null) {
      t.itemBytes(i);
    } else {
      t.itemNumpy(i);
    }
  }
}
