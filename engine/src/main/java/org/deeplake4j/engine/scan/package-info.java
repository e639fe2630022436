/**
 * Planning and serving parallel reads of a dataset version. {@link
 * org.deeplake4j.engine.scan.RowSplits} cuts row ranges at the chunk boundaries of a tensor (so no
 * chunk of it is fetched by two readers) and estimates tensor sizes for balancing; readers of other
 * tensors fetch the parts of their chunks by byte range ({@link
 * org.deeplake4j.engine.Tensor#readStoredRange}). {@link org.deeplake4j.engine.scan.TopRows} picks
 * the first n rows of a range in an order over scalar tensors (per-partition top-n), and {@link
 * org.deeplake4j.engine.scan.CountingStorage} counts the chunk bytes and chunks a reader fetches
 * (scan metrics). Used by adapters such as the Spark connector; no engine types of any processing
 * framework appear here.
 */
package org.deeplake4j.engine.scan;
