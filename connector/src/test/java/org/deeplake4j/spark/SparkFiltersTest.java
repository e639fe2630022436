package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Or;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.deeplake4j.engine.filter.RowFilter;
import org.deeplake4j.engine.filter.RowFilters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conversion of Spark V2 predicates to engine filters, without a SparkSession. */
class SparkFiltersTest {
  private static DeepLakeSnapshot fixed;
  private static DeepLakeSnapshot groups;
  private static DeepLakeSnapshot labels;

  @BeforeAll
  static void load() {
    fixed =
        DeepLakeSnapshot.load(DeepLakeOptions.parse(Fixture.of("numeric_fixed").path(), Map.of()));
    groups = DeepLakeSnapshot.load(DeepLakeOptions.parse(Fixture.of("groups").path(), Map.of()));
    labels =
        DeepLakeSnapshot.load(
            DeepLakeOptions.parse(
                Fixture.of("labels_bbox_embedding").path(), Map.of("classLabels", "name")));
  }

  private static Predicate p(String name, Expression... children) {
    return new Predicate(name, children);
  }

  private static Expression col(String dotted) {
    return Expressions.column(dotted);
  }

  private static Expression lit(Object v, DataType t) {
    return new LiteralValue<>(v, t);
  }

  private static final Predicate I32_GT_5 =
      p(">", col("scalar_i32"), lit(5, DataTypes.IntegerType));
  private static final Predicate OPAQUE =
      p("STARTS_WITH", col("scalar_i32"), lit(UTF8String.fromString("x"), DataTypes.StringType));

  @Test
  void comparisonsNeedALiteralOfTheColumnType() {
    var c = SparkFilters.toEngine(I32_GT_5, fixed);
    assertThat(c.exact()).isTrue();
    assertThat(c.filter())
        .isEqualTo(
            new RowFilter.Compare("scalar_i32", RowFilter.Op.GT, new RowFilter.IntLiteral(5)));
    // 5 < col is col > 5
    assertThat(
            SparkFilters.toEngine(p("<", lit(5, DataTypes.IntegerType), col("scalar_i32")), fixed)
                .filter())
        .isEqualTo(c.filter());
    // a long literal against an int column is Spark's business (it would cast the column)
    assertThat(
            SparkFilters.toEngine(p("=", col("scalar_i32"), lit(5L, DataTypes.LongType)), fixed)
                .isTrivial())
        .isTrue();
    // arrays are not compared
    assertThat(
            SparkFilters.toEngine(p("=", col("i32"), lit(5, DataTypes.IntegerType)), fixed)
                .isTrivial())
        .isTrue();
    var f32 =
        SparkFilters.toEngine(p("<=", col("scalar_f32"), lit(1.5f, DataTypes.FloatType)), fixed);
    assertThat(f32.filter().toString()).isEqualTo("scalar_f32 <= 1.5f");
  }

  @Test
  void unconvertiblePartsOnlyWidenTheFilter() {
    // AND keeps the convertible side (inexact)
    var and = SparkFilters.toEngine(new And(I32_GT_5, OPAQUE), fixed);
    assertThat(and.exact()).isFalse();
    assertThat(and.filter()).isEqualTo(SparkFilters.toEngine(I32_GT_5, fixed).filter());
    // OR with an opaque side could only keep everything
    assertThat(SparkFilters.toEngine(new Or(I32_GT_5, OPAQUE), fixed).isTrivial()).isTrue();
    // under NOT, the opaque side becomes FALSE: NOT (a AND ?) keeps everything
    assertThat(SparkFilters.toEngine(new Not(new And(I32_GT_5, OPAQUE)), fixed).isTrivial())
        .isTrue();
    // NOT (a OR ?) narrows to NOT a
    var notOr = SparkFilters.toEngine(new Not(new Or(I32_GT_5, OPAQUE)), fixed);
    assertThat(notOr.exact()).isFalse();
    assertThat(notOr.filter())
        .isEqualTo(new RowFilter.Not(SparkFilters.toEngine(I32_GT_5, fixed).filter()));
  }

  @Test
  void indexPredicatesAreExact() {
    var c =
        SparkFilters.toEngine(
            new And(
                p(">=", col("_index"), lit(10L, DataTypes.LongType)),
                new Not(
                    p(
                        "IN",
                        col("_index"),
                        lit(12L, DataTypes.LongType),
                        lit(13L, DataTypes.LongType)))),
            fixed);
    assertThat(c.exact()).isTrue();
    assertThat(RowFilters.isRowIndexOnly(c.filter())).isTrue();
    assertThat(RowFilters.rowRanges(c.filter(), 20).toString()).isEqualTo("[[10, 12), [14, 20)]");
    assertThat(SparkFilters.toEngine(p("IS_NULL", col("_index")), fixed).filter())
        .isEqualTo(new RowFilter.Constant(false));
  }

  @Test
  void stringsNullsAndNestedFields() {
    var name =
        SparkFilters.toEngine(
            p("=", col("labels"), lit(UTF8String.fromString("bird"), DataTypes.StringType)),
            labels);
    assertThat(name.filter())
        .isEqualTo(new RowFilter.ClassNameIn("labels", java.util.Set.of("bird")));
    var in =
        SparkFilters.toEngine(
            p(
                "IN",
                col("stats.name"),
                lit(UTF8String.fromString("a"), DataTypes.StringType),
                lit(UTF8String.fromString("b"), DataTypes.StringType)),
            groups);
    assertThat(in.filter())
        .isEqualTo(new RowFilter.TextIn("stats/name", java.util.Set.of("a", "b")));
    assertThat(SparkFilters.toEngine(p("IS_NOT_NULL", col("stats.detail.flag")), groups).filter())
        .isEqualTo(new RowFilter.Not(new RowFilter.IsNull("stats/detail/flag")));
    var nullSafe =
        SparkFilters.toEngine(p("<=>", col("stats.score"), lit(1.0, DataTypes.DoubleType)), groups);
    assertThat(nullSafe.filter().toString())
        .isEqualTo("(NOT stats/score IS NULL AND stats/score = 1.0)");
    // a null literal is left to Spark (which folds it)
    assertThat(
            SparkFilters.toEngine(
                    p("=", col("stats.score"), lit(null, DataTypes.DoubleType)), groups)
                .isTrivial())
        .isTrue();
    // the struct itself is not a tensor
    assertThat(SparkFilters.toEngine(p("IS_NULL", col("stats")), groups).isTrivial()).isTrue();
  }
}
