package org.deeplake4j.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Creates the readers of a scan's partitions on executors: columnar when the scan's columns all are
 * (decided once per scan, so every partition agrees), rows otherwise. Serializable and stateless
 * apart from those two settings.
 *
 * @param columnar whether partitions are read as columnar batches
 * @param batchSize rows per columnar batch
 * @param topN a pushed top-n (read by the row reader), or null
 */
record DeepLakeReaderFactory(boolean columnar, int batchSize, TopN topN)
    implements PartitionReaderFactory {
  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new DeepLakeRowReader((DeepLakeInputPartition) partition, topN);
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new DeepLakeColumnarReader((DeepLakeInputPartition) partition, batchSize);
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return columnar;
  }
}
