package org.deeplake4j.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.internal.write.AppendedPart;
import org.deeplake4j.engine.internal.write.RowChanges;

/**
 * What one {@link FragmentWriter} wrote for a {@link WriteTransaction}: per tensor, the chunks
 * (already in storage, invisible until the transaction commits), their chunk-id encoder rows,
 * lengths, shapes and byte counts. Small (no sample data) and serializable: Spark returns it from a
 * task to the driver, which commits the fragments it chooses. Immutable.
 */
public final class Fragment implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String transactionId;
  private final String stagingId;
  private final String fragmentId;
  private final Map<String, AppendedPart> parts;
  private final long rows;
  private final RowChanges changes;

  Fragment(
      String transactionId,
      String stagingId,
      String fragmentId,
      Map<String, AppendedPart> parts,
      long rows,
      RowChanges changes) {
    this.transactionId = transactionId;
    this.stagingId = stagingId;
    this.fragmentId = fragmentId;
    this.parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    this.rows = rows;
    this.changes = changes;
  }

  /** Rows this fragment deletes, by index at the transaction's base version. */
  public long[] deletes() {
    return changes.deletes().clone();
  }

  /** Number of rows this fragment updates. */
  public int updates() {
    return changes.updates().size();
  }

  RowChanges changes() {
    return changes;
  }

  /** The transaction this fragment belongs to. */
  public String transactionId() {
    return transactionId;
  }

  /** A unique id of this fragment (of this attempt of a task). */
  public String fragmentId() {
    return fragmentId;
  }

  /** Rows appended (appends through rows; per tensor, {@link #items}). */
  public long rows() {
    return rows;
  }

  /** Items appended to tensor key {@code key} (0 when none). */
  public long items(String key) {
    AppendedPart p = parts.get(key);
    return p == null ? 0 : p.items();
  }

  /** Bytes of the chunks written. */
  public long bytes() {
    return parts.values().stream().mapToLong(AppendedPart::bytes).sum();
  }

  /** Storage keys of the chunks written. */
  public List<String> chunkKeys() {
    List<String> out = new ArrayList<>();
    for (AppendedPart p : parts.values()) {
      for (String e : p.chunkEntries()) {
        String name = e.contains(":") ? e.substring(0, e.indexOf(':')) : e;
        out.add("versions/" + stagingId + "/" + p.key() + "/chunks/" + name);
      }
    }
    return out;
  }

  Map<String, AppendedPart> parts() {
    return parts;
  }

  String stagingId() {
    return stagingId;
  }

  @Override
  public String toString() {
    return "Fragment[transaction="
        + transactionId
        + ", id="
        + fragmentId
        + ", rows="
        + rows
        + ", bytes="
        + bytes()
        + "]";
  }
}
