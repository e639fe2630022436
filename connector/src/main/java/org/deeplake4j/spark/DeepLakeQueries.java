package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.filter.RowRanges;
import org.deeplake4j.engine.tql.TqlException;

/**
 * The {@code query} option: the engine runs the TQL query on the driver, on the dataset handle the
 * scan pins, and the scan reads only the result rows (as row ranges, so partitions cover only
 * them). The option selects rows: a query that shapes its result (a select list, GROUP BY or
 * aggregates, UNGROUP BY) is refused, since Spark's own SELECT and GROUP BY do that over the scan;
 * rows chosen more than once (SAMPLE BY ... REPLACE TRUE) are read once, and the TQL ORDER BY order
 * is not kept.
 */
final class DeepLakeQueries {
  private DeepLakeQueries() {}

  /**
   * The rows of {@code ds} (open at the pinned version) the query of {@code o} selects, below
   * {@code rowCount}, in ascending order.
   *
   * @throws org.apache.spark.sql.AnalysisException (DEEPLAKE_INVALID_QUERY) if the query does not
   *     fit the dataset
   */
  static RowRanges rows(Dataset ds, DeepLakeOptions o, long rowCount) {
    long[] rows;
    try {
      DatasetView view = ds.query(o.query());
      if (view.isGrouped()
          || view.columns() != null
          || (view.length() > 0 && view.itemIndex(0) >= 0)) {
        throw DeepLakeErrors.queryNotRowSelection(o.query());
      }
      rows = view.indices();
    } catch (TqlException e) {
      throw DeepLakeErrors.invalidQuery(o.query(), e);
    }
    long[] sorted = rows.clone();
    Arrays.sort(sorted);
    List<Long> kept = new ArrayList<>(sorted.length);
    long last = -1;
    for (long r : sorted) {
      if (r != last && r < rowCount) {
        kept.add(r);
      }
      last = r;
    }
    return RowRanges.ofRows(kept);
  }
}
