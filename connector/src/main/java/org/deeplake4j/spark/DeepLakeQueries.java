package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.filter.RowRanges;
import org.deeplake4j.engine.tql.Tql;
import org.deeplake4j.engine.tql.TqlException;

/**
 * The {@code query} option: the engine runs the TQL query on the driver, on the dataset handle the
 * scan pins, and the scan reads only the result rows (as row ranges, so partitions cover only
 * them).
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
      rows = Tql.execute(ds, o.query());
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
