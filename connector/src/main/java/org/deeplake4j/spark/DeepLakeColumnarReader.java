package org.deeplake4j.spark;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.deeplake4j.engine.Dataset;

/**
 * Reads one partition as Arrow-backed {@link ColumnarBatch}es of up to {@code batchSize} rows,
 * filled in bulk by {@link ArrowColumns}. Used only when every output column is columnar (see
 * {@link SparkTypes.TensorColumn#isColumnar}); row filters are left to Spark here. Owns its own
 * allocator and dataset handle, released by {@link #close()}; a batch is valid until the next call
 * to {@link #next()}.
 */
final class DeepLakeColumnarReader implements PartitionReader<ColumnarBatch> {
  private final Dataset ds;
  private final BufferAllocator allocator;
  private final ArrowColumns.Column[] columns;
  private final ColumnarBatch batch;
  private final int batchSize;
  private final long end;
  private long next;

  DeepLakeColumnarReader(DeepLakeInputPartition p, int batchSize) {
    ReadSpec spec = p.spec();
    this.batchSize = (int) Math.max(1, Math.min(batchSize, p.end() - p.start()));
    this.ds = DeepLakeScan.openPinned(spec);
    this.allocator = new RootAllocator();
    List<ReadField> fields = spec.fields();
    this.columns = new ArrowColumns.Column[fields.size()];
    ColumnVector[] vectors = new ColumnVector[fields.size()];
    try {
      for (int i = 0; i < columns.length; i++) {
        columns[i] = ArrowColumns.create(ds, fields.get(i), spec, allocator, this.batchSize);
        vectors[i] = new ReusedArrowColumnVector(columns[i].vector());
      }
    } catch (RuntimeException e) {
      for (ArrowColumns.Column c : columns) {
        if (c != null) {
          c.close();
        }
      }
      allocator.close();
      ds.close();
      throw e;
    }
    this.batch = new ColumnarBatch(vectors);
    this.next = p.start();
    this.end = p.end();
  }

  /**
   * An Arrow column whose vector this reader refills for every batch: Spark's {@code ColumnarToRow}
   * frees "freeable" columns after each batch, which would release the buffers under the reader;
   * like Spark's own writable vectors, these are not freeable (the reader's {@link #close()}
   * releases them).
   */
  private static final class ReusedArrowColumnVector extends ArrowColumnVector {
    ReusedArrowColumnVector(org.apache.arrow.vector.ValueVector v) {
      super(v);
    }

    @Override
    public void closeIfFreeable() {
      // reused by the next batch
    }
  }

  @Override
  public boolean next() {
    if (next >= end) {
      return false;
    }
    int n = (int) Math.min(batchSize, end - next);
    for (ArrowColumns.Column c : columns) {
      c.fill(next, n);
    }
    batch.setNumRows(n);
    next += n;
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public void close() {
    try {
      batch.close(); // closes the Arrow vectors
      allocator.close();
    } finally {
      ds.close();
    }
  }
}
