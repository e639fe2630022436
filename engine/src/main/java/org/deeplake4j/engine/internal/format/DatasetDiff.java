package org.deeplake4j.engine.internal.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version's {@code dataset_diff} (big-endian): dataset info updated, tensor renames (old name to
 * new name) and deletions (names) made in that commit. Mutable while a HEAD is written. Not
 * thread-safe.
 */
public final class DatasetDiff {
  private boolean infoUpdated;
  private final Map<String, String> renamed = new LinkedHashMap<>();
  private final List<String> deleted = new ArrayList<>();

  public static DatasetDiff empty() {
    return new DatasetDiff();
  }

  /** Parses a stored diff. */
  public static DatasetDiff parse(byte[] b, String key) {
    BinaryReader r = new BinaryReader(b, 0, b.length, key, true);
    DatasetDiff d = new DatasetDiff();
    d.infoUpdated = r.u8("info flag") != 0;
    long m = r.i64("rename count");
    if (m < 0 || m > r.remaining() / 16) {
      throw r.corrupt("dataset_diff declares " + m + " renames");
    }
    for (long i = 0; i < m; i++) {
      long lo = r.i64("old name length");
      long ln = r.i64("new name length");
      d.renamed.put(r.utf8(lo, "old name"), r.utf8(ln, "new name"));
    }
    long n = r.i64("deletion count");
    if (n < 0 || n > r.remaining() / 8) {
      throw r.corrupt("dataset_diff declares " + n + " deletions");
    }
    for (long i = 0; i < n; i++) {
      d.deleted.add(r.utf8(r.i64("name length"), "deleted name"));
    }
    return d;
  }

  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter(64, true);
    w.u8(infoUpdated ? 1 : 0).i64(renamed.size());
    for (Map.Entry<String, String> e : renamed.entrySet()) {
      byte[] o = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] n = e.getValue().getBytes(StandardCharsets.UTF_8);
      w.i64(o.length).i64(n.length).bytes(o).bytes(n);
    }
    w.i64(deleted.size());
    for (String d : deleted) {
      byte[] b = d.getBytes(StandardCharsets.UTF_8);
      w.i64(b.length).bytes(b);
    }
    return w.toByteArray();
  }

  public void infoUpdated() {
    infoUpdated = true;
  }

  /** Records a rename; renaming a renamed tensor again keeps its original name as the source. */
  public void renamed(String oldName, String newName) {
    String original = oldName;
    for (Map.Entry<String, String> e : renamed.entrySet()) {
      if (e.getValue().equals(oldName)) {
        original = e.getKey();
      }
    }
    renamed.put(original, newName);
  }

  /** Records a deletion (of a tensor that existed before this commit). */
  public void deleted(String name) {
    String original = name;
    for (Map.Entry<String, String> e : Map.copyOf(renamed).entrySet()) {
      if (e.getValue().equals(name)) {
        original = e.getKey();
        renamed.remove(e.getKey());
      }
    }
    deleted.add(original);
  }

  public boolean isInfoUpdated() {
    return infoUpdated;
  }

  public Map<String, String> renamed() {
    return Map.copyOf(renamed);
  }

  public List<String> deleted() {
    return List.copyOf(deleted);
  }

  /** Whether anything is recorded. */
  public boolean hasChanges() {
    return infoUpdated || !renamed.isEmpty() || !deleted.isEmpty();
  }
}
