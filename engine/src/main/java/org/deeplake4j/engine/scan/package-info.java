/**
 * Planning parallel reads of a dataset version: {@link org.deeplake4j.engine.scan.RowSplits} cuts
 * row ranges at the chunk boundaries of a tensor (so no chunk is fetched by two readers) and
 * estimates tensor sizes for balancing. Used by adapters such as the Spark connector; no engine
 * types of any processing framework appear here.
 */
package org.deeplake4j.engine.scan;
