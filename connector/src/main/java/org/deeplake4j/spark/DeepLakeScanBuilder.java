package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.NullOrdering;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownOffset;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownTopN;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.filter.RowFilter;
import org.deeplake4j.engine.filter.RowFilters;
import org.deeplake4j.engine.scan.TopRows;
import org.deeplake4j.engine.types.Dtype;

/**
 * Collects what Spark pushes into a scan: the required columns, predicates (converted by {@link
 * SparkFilters}), a limit and offset, a top-n, and {@code COUNT(*)}. Predicates that only test
 * {@code _index} are applied exactly by choosing rows and are not handed back; every other
 * predicate is handed back for Spark to evaluate after the scan, and is also used by the readers to
 * skip rows early. Limits, offsets, top-n and counts are pushed only when no predicate is left for
 * Spark and the {@code query} option is not a condition evaluated in the partitions (the scan's
 * rows are then exactly the result's rows). Not thread-safe (Spark uses a builder from one thread).
 */
final class DeepLakeScanBuilder
    implements ScanBuilder,
        SupportsPushDownRequiredColumns,
        SupportsPushDownV2Filters,
        SupportsPushDownLimit,
        SupportsPushDownOffset,
        SupportsPushDownTopN,
        SupportsPushDownAggregates {
  private final DeepLakeTable table;
  private final DeepLakeOptions options;
  private StructType required;
  private final List<Predicate> pushed = new ArrayList<>();
  private final List<RowFilter> exact = new ArrayList<>();
  private final List<RowFilter> inexact = new ArrayList<>();
  private Integer limit;
  private Integer offset;
  private TopN topN;
  private int countStars;

  /**
   * Whether the {@code query} option is a condition the partitions evaluate: like a predicate left
   * for Spark, it keeps the planned rows from being the result's rows (no count from the metadata,
   * no pushed limit, offset or top-n).
   */
  private final boolean queryInPartitions;

  /**
   * Largest pushed top-n: each task keeps n rows in a heap and reads every column of them row by
   * row; beyond this Spark's own sort of the columnar scan is cheaper.
   */
  static final int MAX_TOP_N = 10_000;

  DeepLakeScanBuilder(DeepLakeTable table, DeepLakeOptions options) {
    this.table = table;
    this.options = options;
    this.required = table.schema();
    this.queryInPartitions = DeepLakeQueries.inPartitions(options);
  }

  /** Whether the scan's rows are not exactly the result's rows (a filter remains). */
  private boolean rowsFiltered() {
    return !inexact.isEmpty() || queryInPartitions;
  }

  @Override
  public Predicate[] pushPredicates(Predicate[] predicates) {
    List<Predicate> postScan = new ArrayList<>();
    for (Predicate p : predicates) {
      SparkFilters.Converted c = SparkFilters.toEngine(p, table.snapshot());
      if (c.isTrivial()) {
        postScan.add(p);
        continue;
      }
      pushed.add(p);
      if (c.exact() && RowFilters.isRowIndexOnly(c.filter())) {
        exact.add(c.filter());
      } else {
        inexact.add(c.filter());
        postScan.add(p);
      }
    }
    return postScan.toArray(new Predicate[0]);
  }

  @Override
  public Predicate[] pushedPredicates() {
    return pushed.toArray(new Predicate[0]);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    this.required = requiredSchema;
  }

  @Override
  public boolean pushLimit(int n) {
    if (countStars > 0) {
      return false; // the limit is over the one count row: Spark applies it
    }
    this.limit = n;
    return true;
  }

  @Override
  public boolean pushOffset(int n) {
    if (countStars > 0 || topN != null || rowsFiltered()) {
      return false;
    }
    this.offset = n;
    return true;
  }

  /**
   * Pushes {@code ORDER BY keys LIMIT n} when every key is a scalar numeric tensor column and no
   * predicate is left for Spark: each partition returns its own first {@code n} rows; Spark keeps
   * its sort and limit over them ({@link #isPartiallyPushed}).
   */
  @Override
  public boolean pushTopN(SortOrder[] orders, int n) {
    if (countStars > 0 || rowsFiltered() || orders.length == 0 || n <= 0 || n > MAX_TOP_N) {
      return false;
    }
    List<TopRows.Key> keys = new ArrayList<>();
    for (SortOrder o : orders) {
      if (!(o.expression() instanceof NamedReference ref)) {
        return false;
      }
      SparkTypes.TensorColumn c = table.snapshot().column(ref.fieldNames());
      if (c == null || !c.isScalar() || c.dtype() == null || c.dtype() == Dtype.UINT64) {
        return false;
      }
      keys.add(
          new TopRows.Key(
              c.tensor(),
              o.direction() == SortDirection.DESCENDING,
              o.nullOrdering() == NullOrdering.NULLS_FIRST));
    }
    this.topN = new TopN(keys, n);
    return true;
  }

  @Override
  public boolean isPartiallyPushed() {
    // A top-n is per partition: Spark sorts and limits again. With predicates Spark still
    // evaluates (or the query's condition), a partition cannot stop early: keep Spark's limit.
    return topN != null || rowsFiltered();
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return countStars(aggregation) > 0 && !rowsFiltered();
  }

  /**
   * Pushes {@code COUNT(*)} (several of them, no grouping) when no predicate is left for Spark and
   * the {@code query} option is not a condition the partitions evaluate: the count comes from the
   * metadata (and a full TQL statement's result, run on the driver), no chunk is read. Otherwise
   * Spark counts the rows a normal scan returns.
   */
  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    int n = countStars(aggregation);
    if (n <= 0 || rowsFiltered()) {
      return false;
    }
    this.countStars = n;
    return true;
  }

  /** The number of aggregates if all are {@code COUNT(*)} without grouping, else -1. */
  private static int countStars(Aggregation a) {
    if (a.groupByExpressions().length > 0 || a.aggregateExpressions().length == 0) {
      return -1;
    }
    for (AggregateFunc f : a.aggregateExpressions()) {
      if (!(f instanceof CountStar)) {
        return -1;
      }
    }
    return a.aggregateExpressions().length;
  }

  @Override
  public Scan build() {
    if (countStars > 0) {
      DeepLakeScan rows =
          DeepLakeScan.plan(
              table, options, new StructType(), pushed, and(exact), null, null, null, null);
      return new DeepLakeCountScan(table.snapshot(), pushed, rows.rowCount(), countStars);
    }
    boolean exactRows = !rowsFiltered();
    return DeepLakeScan.plan(
        table,
        options,
        required,
        pushed,
        and(exact),
        and(inexact),
        exactRows ? limit : null,
        exactRows ? offset : null,
        exactRows ? topN : null);
  }

  private static RowFilter and(List<RowFilter> fs) {
    RowFilter out = null;
    for (RowFilter f : fs) {
      out = out == null ? f : new RowFilter.And(out, f);
    }
    return out;
  }
}
