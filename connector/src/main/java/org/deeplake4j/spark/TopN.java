package org.deeplake4j.spark;

import java.io.Serializable;
import java.util.List;
import org.deeplake4j.engine.scan.TopRows;

/**
 * A top-n pushed into a scan: each partition returns only its first {@code limit} rows in the order
 * of {@code keys} (Spark still sorts and limits the union). Serializable, shipped to executors with
 * the reader factory.
 *
 * @param keys the sort keys, over scalar numeric tensors
 * @param limit rows kept per partition
 */
record TopN(List<TopRows.Key> keys, int limit) implements Serializable {
  TopN {
    keys = List.copyOf(keys);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (TopRows.Key k : keys) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(k.tensor())
          .append(k.descending() ? " DESC" : " ASC")
          .append(k.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
    }
    return b.append("] LIMIT ").append(limit).toString();
  }
}
