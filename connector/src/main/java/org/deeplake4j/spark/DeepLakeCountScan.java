package org.deeplake4j.spark;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code COUNT(*)} pushed into a scan ({@link DeepLakeScanBuilder#pushAggregation}): the count is
 * the planned row count of the pinned version (tensor lengths from the metadata, intersected with
 * exact {@code _index} predicates), known when the scan is planned. As a {@link LocalScan} Spark
 * turns it into a local table of one row: no task runs and no chunk is opened. (The {@link Batch}
 * side, one task returning that row, serves callers that plan it as a batch scan.) Immutable.
 */
final class DeepLakeCountScan implements LocalScan, Batch {
  private final DeepLakeSnapshot snapshot;
  private final List<Predicate> pushed;
  private final long count;
  private final StructType schema;

  /**
   * @param aggregates how many {@code COUNT(*)} the query pushed (one output column each)
   */
  DeepLakeCountScan(DeepLakeSnapshot snapshot, List<Predicate> pushed, long count, int aggregates) {
    this.snapshot = snapshot;
    this.pushed = List.copyOf(pushed);
    this.count = count;
    StructType s = new StructType();
    for (int i = 0; i < aggregates; i++) {
      s = s.add("agg_func_" + i, DataTypes.LongType, false);
    }
    this.schema = s;
  }

  @Override
  public StructType readSchema() {
    return schema;
  }

  @Override
  public InternalRow[] rows() {
    Object[] values = new Object[schema.size()];
    java.util.Arrays.fill(values, count);
    return new InternalRow[] {new GenericInternalRow(values)};
  }

  @Override
  public String description() {
    return "DeepLakeScan "
        + snapshot
        + " PushedAggregates: [COUNT(*)] PushedFilters: "
        + pushed.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"))
        + " Rows: "
        + count;
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return new InputPartition[] {new CountPartition(count, schema.size())};
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new CountReaderFactory();
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return DeepLakeMetrics.supported();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeepLakeCountScan s
        && snapshot.nodeId().equals(s.snapshot.nodeId())
        && snapshot.options().equals(s.snapshot.options())
        && pushed.equals(s.pushed)
        && count == s.count
        && schema.equals(s.schema);
  }

  @Override
  public int hashCode() {
    return Objects.hash(snapshot.nodeId(), pushed, count, schema);
  }

  /** The one partition: the count, repeated in each output column. */
  record CountPartition(long count, int columns) implements InputPartition {}

  /** Returns the count row; reads nothing. */
  record CountReaderFactory() implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      CountPartition p = (CountPartition) partition;
      Object[] values = new Object[p.columns()];
      java.util.Arrays.fill(values, p.count());
      InternalRow row = new GenericInternalRow(values);
      return new PartitionReader<>() {
        private boolean done;

        @Override
        public boolean next() {
          if (done) {
            return false;
          }
          done = true;
          return true;
        }

        @Override
        public InternalRow get() {
          return row;
        }

        @Override
        public CustomTaskMetric[] currentMetricsValues() {
          return DeepLakeMetrics.values(0, 0, 0, done ? 1 : 0, 0, 0);
        }

        @Override
        public void close() {}
      };
    }
  }
}
