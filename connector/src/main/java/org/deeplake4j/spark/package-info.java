/**
 * The Spark DataSource V2 adapter over the deeplake4j engine: a thin translator between Spark and
 * the engine that never decides format matters.
 *
 * <ul>
 *   <li>{@link org.deeplake4j.spark.DeepLakeDataSource} — the {@code deeplake} format ({@code
 *       spark.read.format("deeplake").load(path)}), registered for Spark's service loader;
 *   <li>{@link org.deeplake4j.spark.DeepLakeCatalog} — SQL on paths ({@code SELECT * FROM
 *       deeplake.`/data/ds` VERSION AS OF 'branch'});
 *   <li>package-private: the table ({@code DeepLakeTable}: metadata columns {@code _index}, {@code
 *       _ref}), scan planning ({@code DeepLakeScanBuilder}, {@code DeepLakeScan}: version pinning,
 *       chunk-aligned partitions, pushdown of filters, limit, offset and top-n, statistics; {@code
 *       DeepLakeCountScan}: {@code COUNT(*)} from the metadata; {@code DeepLakeQueries}: the {@code
 *       query} option, a TQL condition bound on the driver and evaluated by every partition over
 *       its own rows, or a full TQL statement run on the driver whose result rows the partitions
 *       follow), the readers ({@code DeepLakeRowReader} for every htype, {@code
 *       DeepLakeColumnarReader} with Arrow vectors (a query condition's matches seen through {@code
 *       SelectedColumnVector}), and {@code HeapArrayColumn} for embeddings, for numeric and text
 *       columns), the scan metrics ({@link org.deeplake4j.spark.DeepLakeMetrics}), and the
 *       translations: {@code SparkTypes} (tensors to Spark types), {@code SparkValues} (samples to
 *       Spark values), {@code SparkFilters} (Spark predicates to engine {@link
 *       org.deeplake4j.engine.filter.RowFilter}s), {@code DeepLakeErrors} (every driver-side
 *       error);
 *   <li>the write side: {@code DeepLakeWrite} ({@code df.write.format("deeplake")} in modes append
 *       and overwrite: one engine {@link org.deeplake4j.engine.WriteTransaction} per job, a {@link
 *       org.deeplake4j.engine.FragmentWriter} per task attempt, the fragments of the committed
 *       attempts published in partition order), {@code DeepLakeWriteOptions} and {@code
 *       SparkWriteTypes} (DataFrame columns to tensors and values, the inverse of {@code
 *       SparkTypes}).
 * </ul>
 *
 * <p>What travels to executors: {@code DeepLakeInputPartition}s (a row range and a shared {@code
 * ReadSpec}: path, pinned version node, fields, options, row filter, the text of a TQL query
 * condition) and the reader factory. No dataset handle, Spark session or Hadoop object is
 * serialized; each task opens its own read-only handle at the pinned node and closes it. A write
 * ships the transaction's serializable {@link org.deeplake4j.engine.WritePlan} and the column
 * conversions; each task returns its {@link org.deeplake4j.engine.Fragment} as its commit message.
 */
package org.deeplake4j.spark;
