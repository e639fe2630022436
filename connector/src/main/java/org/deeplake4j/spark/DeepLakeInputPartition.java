package org.deeplake4j.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One task's share of a scan: rows {@code [start, end)} of the pinned version, aligned to chunk
 * boundaries by the planner. Serializable; carries the shared {@link ReadSpec}.
 *
 * @param spec what to read
 * @param index the partition's position in the scan
 * @param start first row (inclusive)
 * @param end last row (exclusive)
 */
record DeepLakeInputPartition(ReadSpec spec, int index, long start, long end)
    implements InputPartition {}
