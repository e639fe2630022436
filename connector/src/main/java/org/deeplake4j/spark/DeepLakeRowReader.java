package org.deeplake4j.spark;

import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecificInternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.filter.BoundRowFilter;
import org.deeplake4j.engine.filter.RowFilters;
import org.deeplake4j.engine.filter.Truth;

/**
 * Reads one partition row by row: every htype, every column kind. Opens its own read-only handle at
 * the pinned version (closed by {@link #close()}); evaluates the scan's row filter first and reads
 * the other columns only for rows that pass. The returned row is reused between calls to {@link
 * #next()}, as Spark allows (it projects each row before the next call).
 */
final class DeepLakeRowReader implements PartitionReader<InternalRow> {
  private final Dataset ds;
  private final long end;
  private final SparkValues.FieldWriter[] writers;
  private final BoundRowFilter filter;
  private final SpecificInternalRow row;
  private final Truth[] block;
  private long blockStart;
  private int blockLength;
  private long next;
  private long current = -1;

  /** Rows whose filter values are evaluated together (in bulk where the engine can). */
  static final int FILTER_BLOCK = 4096;

  DeepLakeRowReader(DeepLakeInputPartition p) {
    ReadSpec spec = p.spec();
    this.ds = DeepLakeScan.openPinned(spec);
    try {
      List<ReadField> fields = spec.fields();
      this.writers = new SparkValues.FieldWriter[fields.size()];
      for (int i = 0; i < writers.length; i++) {
        writers[i] = SparkValues.writer(ds, fields.get(i), spec);
      }
      this.filter = spec.filter() == null ? null : RowFilters.bind(ds, spec.filter());
      this.row = new SpecificInternalRow(spec.schema());
      this.block = filter == null ? null : new Truth[FILTER_BLOCK];
      this.next = p.start();
      this.end = p.end();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  @Override
  public boolean next() {
    while (next < end) {
      long r = next++;
      if (filter != null) {
        if (r >= blockStart + blockLength) {
          blockStart = r;
          blockLength = (int) Math.min(FILTER_BLOCK, end - r);
          filter.testRange(r, blockLength, block);
        }
        if (block[(int) (r - blockStart)] != Truth.TRUE) {
          continue;
        }
      }
      current = r;
      return true;
    }
    return false;
  }

  @Override
  public InternalRow get() {
    for (int i = 0; i < writers.length; i++) {
      writers[i].write(current, row, i);
    }
    return row;
  }

  @Override
  public void close() {
    ds.close();
  }
}
