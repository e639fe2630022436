package org.deeplake4j.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.RowCondition;
import org.deeplake4j.engine.filter.BoundRowFilter;
import org.deeplake4j.engine.filter.RowFilters;
import org.deeplake4j.engine.filter.Truth;
import org.deeplake4j.engine.scan.TopRows;
import org.deeplake4j.engine.tql.TqlException;

/**
 * Reads one partition row by row: every htype, every column kind. Opens its own read-only handle at
 * the pinned version (closed by {@link #close()}); evaluates the scan's row filter and the {@code
 * query} option's condition ({@link ReadSpec#condition()}) first, block by block, and reads the
 * other columns only for rows that pass. Rows the condition rejects are not returned. The returned
 * row is reused between calls to {@link #next()}, as Spark allows (it projects each row before the
 * next call).
 */
final class DeepLakeRowReader implements PartitionReader<InternalRow> {
  private final DeepLakeScan.Pinned pinned;
  private final Dataset ds;
  private final DeepLakeMetrics.Counters counters;

  /** The rows of a pushed top-n, in order, or null to read {@code [next, end)}. */
  private final long[] chosen;

  private int chosenAt;
  private final long end;
  private final SparkValues.FieldWriter[] writers;
  private final BoundRowFilter filter;

  /** The {@code query} option's condition, evaluated here, or null. */
  private final RowCondition condition;

  private final String query;
  private final SpecificInternalRow row;
  private final Truth[] block;
  private final boolean[] matched;
  private long blockStart;
  private int blockLength;
  private long next;
  private long current = -1;

  /** Rows whose filter values are evaluated together (in bulk where the engine can). */
  static final int FILTER_BLOCK = 4096;

  /**
   * @param topN the pushed top-n (only rows it selects in the partition are returned), or null
   */
  DeepLakeRowReader(DeepLakeInputPartition p, TopN topN) {
    ReadSpec spec = p.spec();
    this.pinned = DeepLakeScan.openCounted(spec);
    this.ds = pinned.ds();
    try {
      long t0 = System.nanoTime();
      this.chosen =
          topN == null ? null : TopRows.select(ds, topN.keys(), p.start(), p.end(), topN.limit());
      List<ReadField> fields = spec.fields();
      this.writers = new SparkValues.FieldWriter[fields.size()];
      for (int i = 0; i < writers.length; i++) {
        writers[i] = SparkValues.writer(ds, fields.get(i), spec);
      }
      this.filter = spec.filter() == null ? null : RowFilters.bind(ds, spec.filter());
      this.query = spec.condition();
      this.condition = query == null ? null : DeepLakeQueries.bind(ds, query);
      this.row = new SpecificInternalRow(spec.schema());
      this.block = filter == null ? null : new Truth[FILTER_BLOCK];
      this.matched = condition == null ? null : new boolean[FILTER_BLOCK];
      this.next = p.start();
      this.end = p.end();
      this.counters =
          new DeepLakeMetrics.Counters(
              pinned.storage(),
              DeepLakeScan.chunksInRange(
                  ds, DeepLakeScan.scannedTensors(spec, condition), p.start(), p.end()));
      counters.decodeNanos += System.nanoTime() - t0;
    } catch (RuntimeException e) {
      pinned.close();
      throw e;
    }
  }

  @Override
  public boolean next() {
    if (chosen != null) {
      if (chosenAt == chosen.length) {
        return false;
      }
      current = chosen[chosenAt++];
      counters.rows++;
      return true;
    }
    while (next < end) {
      long r = next++;
      if (filter != null || condition != null) {
        if (r >= blockStart + blockLength) {
          testBlock(r);
        }
        int i = (int) (r - blockStart);
        if (filter != null && block[i] != Truth.TRUE || condition != null && !matched[i]) {
          continue;
        }
      }
      current = r;
      counters.rows++;
      return true;
    }
    return false;
  }

  /** Evaluates the row filter and the query condition over the block of rows from {@code r}. */
  private void testBlock(long r) {
    blockStart = r;
    blockLength = (int) Math.min(FILTER_BLOCK, end - r);
    long t0 = System.nanoTime();
    if (filter != null) {
      filter.testRange(r, blockLength, block);
    }
    if (condition != null) {
      try {
        counters.queryFiltered += blockLength - condition.test(r, blockLength, matched);
      } catch (TqlException e) {
        throw DeepLakeErrors.invalidQuery(query, e);
      }
    }
    counters.decodeNanos += System.nanoTime() - t0;
  }

  @Override
  public InternalRow get() {
    long t0 = System.nanoTime();
    for (int i = 0; i < writers.length; i++) {
      writers[i].write(current, row, i);
    }
    counters.decodeNanos += System.nanoTime() - t0;
    return row;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return counters.values();
  }

  @Override
  public void close() {
    pinned.close();
  }
}
