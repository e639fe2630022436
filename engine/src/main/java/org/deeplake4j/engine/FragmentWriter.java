package org.deeplake4j.engine;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.deeplake4j.engine.internal.write.AppendedPart;
import org.deeplake4j.engine.internal.write.FragmentSink;
import org.deeplake4j.engine.internal.write.RowChanges;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.NdArray;

/**
 * Writes one fragment of a {@link WriteTransaction} in any JVM, from its {@link WritePlan}: rows
 * are appended exactly as {@link Dataset#append(Map)} and {@link Dataset#extend} append them (the
 * same validation, htypes, compressions, tiling, sequences, links and hidden sample ids), but into
 * chunks under fresh keys in the transaction's staging folder, invisible until the coordinator
 * commits the returned {@link Fragment}. The writer never reads, writes or locks the dataset's
 * metadata; its memory is bounded by one open chunk per tensor plus the chunk-id rows (a chunk is
 * written after the row or batch that filled it; a failed write surfaces at that append, the row
 * stays whole, and the write is retried by the next append or by {@link #finish()}).
 *
 * <p>Not thread-safe: one writer per thread (open as many as there are tasks). Close it (or {@link
 * #abort()}) when done; {@link #finish()} closes it too.
 */
public final class FragmentWriter implements AutoCloseable {
  private final WritePlan plan;
  private final Storage storage;
  private final boolean ownsStorage;
  private final FragmentSink sink;
  private final Dataset rows;
  private long appendedRows;
  private long baseRows = -1; // rows at the base version, computed on the first delete or update
  private boolean done;
  private FragmentSink updateSink;
  private Dataset updateRows;
  private final java.util.TreeSet<Long> deletes = new java.util.TreeSet<>();
  private final List<RowChanges.RowUpdate> updates = new java.util.ArrayList<>();

  private FragmentWriter(WritePlan plan, Storage storage, boolean ownsStorage, FragmentSink sink) {
    this.plan = plan;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    this.sink = sink;
    this.rows = Dataset.wrap(sink.core());
  }

  /** Opens a writer for {@code plan}, reaching the dataset with the plan's storage options. */
  public static FragmentWriter open(WritePlan plan) {
    return open(plan, OpenOptions.defaults());
  }

  /**
   * Opens a writer for {@code plan}; {@code options} supply the storage resolver (the plan's
   * storage options are used).
   */
  public static FragmentWriter open(WritePlan plan, OpenOptions options) {
    OpenOptions o = options.withStorageOptions(plan.storageOptions()).withReadOnly(false);
    Storage s = o.resolver().resolve(plan.location(), plan.storageOptions(), false);
    try {
      return new FragmentWriter(plan, s, true, sink(plan, s, o));
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Opens a writer for {@code plan} over an existing storage of the dataset (not closed here). */
  public static FragmentWriter open(WritePlan plan, Storage storage) {
    return new FragmentWriter(
        plan, storage, false, sink(plan, storage, OpenOptions.defaults().withReadOnly(false)));
  }

  private static FragmentSink sink(WritePlan plan, Storage s, OpenOptions o) {
    return FragmentSink.open(
        s,
        plan.stagingId(),
        plan.datasetMeta(),
        plan.tensorMetas(),
        plan.tensorInfos(),
        o.internal());
  }

  /** The plan this writer writes for. */
  public WritePlan plan() {
    return plan;
  }

  /**
   * Appends one row: a value per tensor name, absent tensors get an empty sample (as {@link
   * Dataset#append(Map)}).
   */
  public void append(Map<String, ?> row) {
    check();
    rows.append(row);
    appendedRows++;
    sink.writeFullChunks();
  }

  /** Appends one value to tensor {@code name} (as {@link Dataset#append(String, Object)}). */
  public void append(String name, Object value) {
    check();
    rows.append(name, value);
    sink.writeFullChunks();
  }

  /** Appends values to tensor {@code name}, all or nothing (as {@link Dataset#extend}). */
  public void extend(String name, List<?> values) {
    check();
    rows.extend(name, values);
    sink.writeFullChunks();
  }

  /** Appends the samples of a batch (first dimension) to tensor {@code name}. */
  public void extend(String name, NdArray batch) {
    check();
    rows.extend(name, batch);
    sink.writeFullChunks();
  }

  /**
   * Appends columns: per tensor name, a list of values, all of one length (typed columns of a
   * batch). Each column is appended as {@link #extend(String, List)}.
   */
  public void appendColumns(Map<String, ? extends List<?>> columns) {
    check();
    long n = -1;
    for (Map.Entry<String, ? extends List<?>> c : columns.entrySet()) {
      if (n >= 0 && c.getValue().size() != n) {
        throw new IllegalArgumentException(
            "columns differ in length: '"
                + c.getKey()
                + "' has "
                + c.getValue().size()
                + ", not "
                + n);
      }
      n = c.getValue().size();
    }
    for (Map.Entry<String, ? extends List<?>> c : columns.entrySet()) {
      rows.extend(c.getKey(), c.getValue());
    }
    appendedRows += Math.max(0, n);
    sink.writeFullChunks();
  }

  /**
   * Deletes row {@code baseRow} (its index at the plan's base version) from every tensor, as
   * Python's {@code ds.pop(i)}, when the transaction commits. Concurrent appends by other writers
   * commute with it; a concurrent delete below it or a rewrite of its chunk makes the commit
   * conflict (docs/commit-protocol.md R8).
   */
  public void delete(long baseRow) {
    check();
    checkBaseRow(baseRow);
    deletes.add(baseRow);
  }

  /**
   * Replaces the values of tensors {@code values.keySet()} at row {@code baseRow} (its index at the
   * plan's base version) when the transaction commits, as Python's {@code ds[i].update(...)}: the
   * samples keep their ids. The values are validated and encoded now.
   */
  public void update(long baseRow, Map<String, ?> values) {
    check();
    checkBaseRow(baseRow);
    if (values.isEmpty()) {
      throw new IllegalArgumentException("an update needs at least one tensor value");
    }
    if (updateSink == null) {
      updateSink = sink(plan, storage, OpenOptions.defaults().withReadOnly(false));
      updateRows = Dataset.wrap(updateSink.core());
    }
    long valueRow = updateRows.maxLength();
    updateRows.append(values);
    updates.add(new RowChanges.RowUpdate(baseRow, valueRow, List.copyOf(values.keySet())));
  }

  private void checkBaseRow(long baseRow) {
    if (baseRows < 0) {
      long n = 0;
      for (String t : plan.tensorNames()) {
        n = Math.max(n, plan.baseLength(t));
      }
      baseRows = n;
    }
    long n = baseRows;
    if (baseRow < 0 || baseRow >= n) {
      throw new org.deeplake4j.engine.errors.DeepLakeException(
          "row "
              + baseRow
              + " is not in the transaction's base version "
              + plan.baseVersion()
              + " of "
              + plan.location()
              + " ("
              + n
              + " rows)");
    }
  }

  /** The in-memory handle of this fragment's rows (reads see what was appended so far). */
  public Dataset rows() {
    return rows;
  }

  /**
   * Writes the last chunks and returns the fragment for the coordinator to commit. The writer is
   * closed.
   */
  public Fragment finish() {
    check();
    Map<String, AppendedPart> parts;
    Map<String, AppendedPart> updateParts = Map.of();
    try {
      parts = sink.finish();
      if (updateSink != null) {
        updateParts = updateSink.finish();
      }
    } finally {
      done = true;
      closeQuietly();
    }
    long n = appendedRows;
    if (n == 0) {
      for (Map.Entry<String, AppendedPart> e : parts.entrySet()) {
        n = Math.max(n, e.getValue().items());
      }
    }
    RowChanges changes =
        deletes.isEmpty() && updates.isEmpty()
            ? RowChanges.NONE
            : new RowChanges(
                deletes.stream().mapToLong(Long::longValue).toArray(),
                List.copyOf(updates),
                updateParts);
    return new Fragment(
        plan.transactionId(), plan.stagingId(), UUID.randomUUID().toString(), parts, n, changes);
  }

  /** Deletes every chunk this writer wrote and closes it. */
  public void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      sink.abort();
      if (updateSink != null) {
        updateSink.abort();
      }
    } finally {
      closeQuietly();
    }
  }

  private void check() {
    if (done) {
      throw new IllegalStateException("this fragment writer is finished or aborted");
    }
  }

  private void closeQuietly() {
    try {
      sink.close();
      if (updateSink != null) {
        updateSink.close();
      }
    } finally {
      if (ownsStorage) {
        storage.close();
      }
    }
  }

  /** Aborts the fragment unless it was finished. */
  @Override
  public void close() {
    abort();
  }
}
