package org.deeplake4j.engine.internal.format;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A tensor's {@code commit_diff} (big-endian): what changed in the tensor in one commit. Mutable
 * while a HEAD is being written; follows Python's bookkeeping: updates inside the appended range
 * are not recorded; a pop inside the appended range shrinks it, otherwise the index is recorded as
 * deleted and the range shifts down. Not thread-safe.
 */
public final class CommitDiff {
  private boolean created;
  private boolean infoUpdated;
  private boolean dataTransformed;
  private long addedStart;
  private long addedEnd;
  private final Set<Long> updated = new LinkedHashSet<>();
  private boolean cleared;
  private final List<Long> deleted = new ArrayList<>();
  private final List<Long> deletedIds = new ArrayList<>();

  /** A diff for a tensor that existed with {@code length} items before this commit. */
  public static CommitDiff fresh(long length, boolean created) {
    CommitDiff d = new CommitDiff();
    d.created = created;
    d.addedStart = length;
    d.addedEnd = length;
    return d;
  }

  /** Parses a stored diff. */
  public static CommitDiff parse(byte[] b, String key) {
    BinaryReader r = new BinaryReader(b, 0, b.length, key, true);
    CommitDiff d = new CommitDiff();
    d.created = r.u8("created flag") != 0;
    d.infoUpdated = r.u8("info flag") != 0;
    d.dataTransformed = r.u8("transformed flag") != 0;
    d.addedStart = r.i64("added start");
    d.addedEnd = r.i64("added end");
    long m = r.i64("updated count");
    if (m < 0 || m > r.remaining() / 8) {
      throw r.corrupt("commit_diff declares " + m + " updated indices");
    }
    for (long i = 0; i < m; i++) {
      d.updated.add(r.i64("updated index"));
    }
    d.cleared = r.u8("cleared flag") != 0;
    if (r.remaining() >= 8) {
      long n = r.i64("deleted count");
      if (n < 0 || n > r.remaining() / 8) {
        throw r.corrupt("commit_diff declares " + n + " deleted indices");
      }
      for (long i = 0; i < n; i++) {
        d.deleted.add(r.i64("deleted index"));
      }
      while (r.remaining() >= 8) {
        d.deletedIds.add(r.i64("deleted id"));
      }
    }
    return d;
  }

  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter(64, true);
    w.u8(created ? 1 : 0).u8(infoUpdated ? 1 : 0).u8(dataTransformed ? 1 : 0);
    w.i64(addedStart).i64(addedEnd).i64(updated.size());
    for (long u : updated) {
      w.i64(u);
    }
    w.u8(cleared ? 1 : 0).i64(deleted.size());
    for (long x : deleted) {
      w.i64(x);
    }
    for (long x : deletedIds) {
      w.i64(x);
    }
    return w.toByteArray();
  }

  /**
   * Records a {@code tensor.clear()}: as Python, nothing added, updated or deleted, cleared set.
   */
  public void clear() {
    addedStart = 0;
    addedEnd = 0;
    updated.clear();
    deleted.clear();
    deletedIds.clear();
    cleared = true;
  }

  /** Records {@code n} appended items ending at {@code newLength}. */
  public void appended(long newLength) {
    addedEnd = newLength;
  }

  /** Records an in-place update of {@code index}. */
  public void updatedIndex(long index) {
    if (index < addedStart || index >= addedEnd) {
      updated.add(index);
    }
  }

  /** Records a pop of {@code index}, with the popped sample id (or null). */
  public void popped(long index, Long sampleId) {
    if (index >= addedStart && index < addedEnd) {
      addedEnd--;
    } else {
      deleted.add(index);
      addedStart--;
      addedEnd--;
    }
    if (sampleId != null) {
      deletedIds.add(sampleId);
    }
    List<Long> shifted = new ArrayList<>();
    for (long u : updated) {
      if (u == index) {
        continue;
      }
      shifted.add(u > index ? u - 1 : u);
    }
    updated.clear();
    updated.addAll(shifted);
  }

  public void infoUpdated() {
    infoUpdated = true;
  }

  public boolean created() {
    return created;
  }

  public long addedStart() {
    return addedStart;
  }

  public long addedEnd() {
    return addedEnd;
  }

  public Set<Long> updated() {
    return Set.copyOf(updated);
  }

  public List<Long> deleted() {
    return List.copyOf(deleted);
  }

  public boolean isInfoUpdated() {
    return infoUpdated;
  }

  public boolean isDataTransformed() {
    return dataTransformed;
  }

  public boolean cleared() {
    return cleared;
  }
}
