package org.deeplake4j.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.filter.RowFilter;

/**
 * What every task of one scan reads: the dataset and its pinned version node, the fields, the row
 * filter to apply while reading and the query condition that selects rows. Shared by the scan's
 * input partitions; small and serializable (no open handles, no driver objects).
 *
 * @param options the read options (path, storage options, mapping options)
 * @param nodeId the pinned version node
 * @param fields the output fields, in {@code schema} order
 * @param schema the output schema
 * @param filter rows to keep (evaluated per row by the row reader), or null for all
 * @param condition the text of a TQL query {@code SELECT * WHERE cond} whose condition every reader
 *     evaluates over its own rows, returning only those that match (the {@code query} option in its
 *     condition form, see {@link DeepLakeQueries}), or null
 * @param rowCount the table's row count (rows past a shorter tensor's end read null)
 */
record ReadSpec(
    DeepLakeOptions options,
    String nodeId,
    List<ReadField> fields,
    StructType schema,
    RowFilter filter,
    String condition,
    long rowCount)
    implements Serializable {
  ReadSpec {
    fields = List.copyOf(fields);
  }
}
