package org.deeplake4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.filter.RowFilter;

/**
 * What every task of one scan reads: the dataset and its pinned version node, the fields, and the
 * row filter to apply while reading. Shared by the scan's input partitions; small and serializable
 * (no open handles, no driver objects).
 *
 * @param options the read options (path, storage options, mapping options)
 * @param nodeId the pinned version node
 * @param fields the output fields, in {@code schema} order
 * @param schema the output schema
 * @param filter rows to keep (evaluated per row by the row reader), or null for all
 * @param rowCount the table's row count (rows past a shorter tensor's end read null)
 */
record ReadSpec(
    DeepLakeOptions options,
    String nodeId,
    List<ReadField> fields,
    StructType schema,
    RowFilter filter,
    long rowCount)
    implements Serializable {
  ReadSpec {
    fields = List.copyOf(fields);
  }
}
