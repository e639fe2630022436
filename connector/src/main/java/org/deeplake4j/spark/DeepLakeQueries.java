package org.deeplake4j.spark;

import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.RowCondition;
import org.deeplake4j.engine.Tql;
import org.deeplake4j.engine.filter.RowRanges;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.TqlException;

/**
 * The {@code query} option, in two forms decided from the parsed query:
 *
 * <ul>
 *   <li>a condition (a bare condition, or {@code SELECT * WHERE cond} without any other clause:
 *       {@link org.deeplake4j.engine.tql.Query#isRowFilterOnly()}) is bound on the driver when the
 *       scan is planned (so errors come before any job) and travels with the partitions as text
 *       ({@link ReadSpec#condition()}); each partition reader evaluates it over its own rows with a
 *       {@link RowCondition} and returns only matching rows;
 *   <li>a full statement (ORDER BY, LIMIT/OFFSET, SAMPLE BY, EXPAND BY, set operations) runs on the
 *       driver, on the dataset handle the scan pins, and the scan reads only its result rows (as
 *       row ranges, so partitions cover only them).
 * </ul>
 *
 * The option selects rows: a query that shapes its result (a select list, GROUP BY or aggregates,
 * UNGROUP BY) is refused, since Spark's own SELECT and GROUP BY do that over the scan; rows chosen
 * more than once (SAMPLE BY ... REPLACE TRUE) are read once, and the TQL ORDER BY order is not
 * kept.
 */
final class DeepLakeQueries {
  private DeepLakeQueries() {}

  /**
   * The condition of the query text {@code query} if partitions evaluate it (the query only selects
   * rows by a condition), else null (no query, {@code SELECT *} without WHERE, or a full statement
   * the driver runs). Syntax only: the dataset is not looked at.
   */
  static Expr condition(String query) {
    if (query == null) {
      return null;
    }
    try {
      return RowCondition.conditionOf(Tql.parse(query));
    } catch (TqlException e) {
      throw DeepLakeErrors.invalidQuery(query, e);
    }
  }

  /** Whether the query of {@code o} is evaluated by the partitions ({@link #condition}). */
  static boolean inPartitions(DeepLakeOptions o) {
    return condition(o.query()) != null;
  }

  /**
   * Binds the partitions' condition {@code query} to {@code ds} (driver: to check it before any
   * job; executors: to evaluate it).
   *
   * @return the bound condition
   * @throws org.apache.spark.sql.AnalysisException (DEEPLAKE_INVALID_QUERY) if it does not fit the
   *     dataset
   */
  static RowCondition bind(Dataset ds, String query) {
    try {
      return RowCondition.bind(ds, condition(query));
    } catch (TqlException e) {
      throw DeepLakeErrors.invalidQuery(query, e);
    }
  }

  /** The tensors the partitions' condition {@code query} reads on {@code ds}. */
  static Set<String> tensors(Dataset ds, String query) {
    return bind(ds, query).tensors();
  }

  /**
   * The rows of {@code ds} (open at the pinned version) the full-statement query of {@code o}
   * selects, below {@code rowCount}, in ascending order.
   *
   * @throws org.apache.spark.sql.AnalysisException (DEEPLAKE_INVALID_QUERY) if the query does not
   *     fit the dataset
   */
  static RowRanges rows(Dataset ds, DeepLakeOptions o, long rowCount) {
    try {
      Query query = Tql.parse(o.query());
      if (!query.selectsRows()) {
        throw DeepLakeErrors.queryNotRowSelection(o.query());
      }
      return RowRanges.ofRows(Tql.execute(ds, null, query)).intersect(RowRanges.of(0, rowCount));
    } catch (TqlException e) {
      throw DeepLakeErrors.invalidQuery(o.query(), e);
    }
  }
}
