package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.connector.read.SupportsPushDownV2Filters;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.filter.RowFilter;
import org.deeplake4j.engine.filter.RowFilters;

/**
 * Collects what Spark pushes into a scan: the required columns, predicates (converted by {@link
 * SparkFilters}) and a limit. Predicates that only test {@code _index} are applied exactly by
 * choosing rows and are not handed back; every other predicate is handed back for Spark to evaluate
 * after the scan, and is also used by the row reader to skip rows early. Not thread-safe (Spark
 * uses a builder from one thread).
 */
final class DeepLakeScanBuilder
    implements ScanBuilder,
        SupportsPushDownRequiredColumns,
        SupportsPushDownV2Filters,
        SupportsPushDownLimit {
  private final DeepLakeTable table;
  private final DeepLakeOptions options;
  private StructType required;
  private final List<Predicate> pushed = new ArrayList<>();
  private final List<RowFilter> exact = new ArrayList<>();
  private final List<RowFilter> inexact = new ArrayList<>();
  private Integer limit;

  DeepLakeScanBuilder(DeepLakeTable table, DeepLakeOptions options) {
    this.table = table;
    this.options = options;
    this.required = table.schema();
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
    this.limit = n;
    return true;
  }

  @Override
  public boolean isPartiallyPushed() {
    // With predicates Spark still evaluates, a partition cannot stop early: keep Spark's limit.
    return !inexact.isEmpty();
  }

  @Override
  public Scan build() {
    return DeepLakeScan.plan(
        table,
        options,
        required,
        pushed,
        and(exact),
        and(inexact),
        inexact.isEmpty() ? limit : null);
  }

  private static RowFilter and(List<RowFilter> fs) {
    RowFilter out = null;
    for (RowFilter f : fs) {
      out = out == null ? f : new RowFilter.And(out, f);
    }
    return out;
  }
}
