package org.deeplake4j.spark;

import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.RowCondition;
import org.deeplake4j.engine.filter.BoundRowFilter;
import org.deeplake4j.engine.filter.RowFilters;
import org.deeplake4j.engine.filter.Truth;
import org.deeplake4j.engine.tql.TqlException;

/**
 * Reads one partition as Arrow-backed {@link ColumnarBatch}es of up to {@code batchSize} rows,
 * filled in bulk by {@link ArrowColumns}. Used only when every output column is columnar (see
 * {@link SparkTypes.TensorColumn#isColumnar}). Rows are filtered by Spark; the scan's row filter
 * only lets the reader skip batches in which no row matches. The {@code query} option's condition
 * ({@link ReadSpec#condition()}) is evaluated here, batch by batch, before the other columns are
 * read: a batch without a match is skipped, and otherwise only its matching rows are returned (the
 * columns are filled from the first to the last match and seen through a {@link
 * SelectedColumnVector} selection). Owns its own allocator and dataset handle, released by {@link
 * #close()}; a batch is valid until the next call to {@link #next()}.
 */
final class DeepLakeColumnarReader implements PartitionReader<ColumnarBatch> {
  private final DeepLakeScan.Pinned pinned;
  private final Dataset ds;
  private final DeepLakeMetrics.Counters counters;
  private final BufferAllocator allocator;
  private final ArrowColumns.Column[] columns;
  private final ColumnarBatch batch;
  private final int batchSize;
  private final long end;
  private final BoundRowFilter filter;
  private final Truth[] truth;

  /** The {@code query} option's condition, evaluated here, or null. */
  private final RowCondition condition;

  private final String query;
  private final boolean[] matched;
  private final SelectedColumnVector.Selection selection;

  /** The columns seen through {@link #selection}: a batch of the matching rows only. */
  private final ColumnarBatch selectedBatch;

  private ColumnarBatch current;
  private long next;

  DeepLakeColumnarReader(DeepLakeInputPartition p, int batchSize) {
    ReadSpec spec = p.spec();
    this.batchSize = (int) Math.max(1, Math.min(batchSize, p.end() - p.start()));
    this.pinned = DeepLakeScan.openCounted(spec);
    this.ds = pinned.ds();
    this.allocator = new RootAllocator();
    List<ReadField> fields = spec.fields();
    this.columns = new ArrowColumns.Column[fields.size()];
    ColumnVector[] vectors = new ColumnVector[fields.size()];
    try {
      for (int i = 0; i < columns.length; i++) {
        columns[i] = ArrowColumns.create(ds, fields.get(i), spec, allocator, this.batchSize);
        vectors[i] = columns[i].sparkVector();
      }
    } catch (RuntimeException e) {
      for (ArrowColumns.Column c : columns) {
        if (c != null) {
          c.close();
        }
      }
      allocator.close();
      pinned.close();
      throw e;
    }
    this.batch = new ColumnarBatch(vectors);
    this.current = batch;
    this.next = p.start();
    this.end = p.end();
    this.query = spec.condition();
    RowCondition c = null;
    try {
      this.filter = skipsBatches(spec) ? RowFilters.bind(ds, spec.filter()) : null;
      c = query == null ? null : DeepLakeQueries.bind(ds, query);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.condition = c;
    this.truth = filter == null ? null : new Truth[this.batchSize];
    if (condition == null) {
      this.matched = null;
      this.selection = null;
      this.selectedBatch = null;
    } else {
      this.matched = new boolean[this.batchSize];
      this.selection = new SelectedColumnVector.Selection(this.batchSize);
      ColumnVector[] selected = new ColumnVector[vectors.length];
      for (int i = 0; i < vectors.length; i++) {
        selected[i] = new SelectedColumnVector(vectors[i], selection);
      }
      this.selectedBatch = new ColumnarBatch(selected);
    }
    this.counters =
        new DeepLakeMetrics.Counters(
            pinned.storage(),
            DeepLakeScan.chunksInRange(
                ds, DeepLakeScan.scannedTensors(spec, condition), p.start(), p.end()));
  }

  /**
   * Whether evaluating the row filter per batch can save work: when the scan reads tensors the
   * filter does not, a batch without any matching row is skipped before those are read. (Spark
   * still filters the rows of the batches returned.)
   */
  private static boolean skipsBatches(ReadSpec spec) {
    if (spec.filter() == null) {
      return false;
    }
    Set<String> filtered = RowFilters.tensors(spec.filter());
    for (ReadField f : spec.fields()) {
      if (f instanceof ReadField.TensorField t && !filtered.contains(t.tensor())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean next() {
    while (next < end) {
      int n = (int) Math.min(batchSize, end - next);
      long t0 = System.nanoTime();
      if (filter != null && !anyMatch(next, n)) {
        next += n;
        counters.decodeNanos += System.nanoTime() - t0;
        continue;
      }
      if (condition != null) {
        boolean found = fillSelected(n);
        counters.decodeNanos += System.nanoTime() - t0;
        next += n;
        if (!found) {
          continue;
        }
        return true;
      }
      for (ArrowColumns.Column c : columns) {
        c.fill(next, n);
      }
      counters.decodeNanos += System.nanoTime() - t0;
      batch.setNumRows(n);
      current = batch;
      counters.rows += n;
      next += n;
      return true;
    }
    return false;
  }

  /**
   * Evaluates the query condition over rows {@code [next, next + n)} and, if any matches, fills the
   * columns from the first to the last match and makes the current batch those matching rows (all
   * filled rows, or a selection of them).
   *
   * @return whether any row matched (else nothing was read past the condition's tensors)
   */
  private boolean fillSelected(int n) {
    int hits;
    try {
      hits = condition.test(next, n, matched);
    } catch (TqlException e) {
      throw DeepLakeErrors.invalidQuery(query, e);
    }
    counters.queryFiltered += n - hits;
    if (hits == 0) {
      return false;
    }
    int first = 0;
    while (!matched[first]) {
      first++;
    }
    int last = n - 1;
    while (!matched[last]) {
      last--;
    }
    int m = last - first + 1;
    for (ArrowColumns.Column c : columns) {
      c.fill(next + first, m);
    }
    counters.rows += hits;
    if (hits == m) {
      batch.setNumRows(m);
      current = batch;
      return true;
    }
    int k = 0;
    for (int i = first; i <= last; i++) {
      if (matched[i]) {
        selection.rows[k++] = i - first;
      }
    }
    selection.n = k;
    selectedBatch.setNumRows(k);
    current = selectedBatch;
    return true;
  }

  private boolean anyMatch(long start, int n) {
    filter.testRange(start, n, truth);
    for (int i = 0; i < n; i++) {
      if (truth[i] == Truth.TRUE) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ColumnarBatch get() {
    return current;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return counters.values();
  }

  @Override
  public void close() {
    try {
      batch.close(); // closes the Arrow vectors
      allocator.close();
    } finally {
      pinned.close();
    }
  }
}
