package org.deeplake4j.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.filter.RowFilter.And;
import org.deeplake4j.engine.filter.RowFilter.BoolLiteral;
import org.deeplake4j.engine.filter.RowFilter.ClassNameIn;
import org.deeplake4j.engine.filter.RowFilter.Compare;
import org.deeplake4j.engine.filter.RowFilter.DoubleLiteral;
import org.deeplake4j.engine.filter.RowFilter.FloatLiteral;
import org.deeplake4j.engine.filter.RowFilter.In;
import org.deeplake4j.engine.filter.RowFilter.IntLiteral;
import org.deeplake4j.engine.filter.RowFilter.IsNull;
import org.deeplake4j.engine.filter.RowFilter.Not;
import org.deeplake4j.engine.filter.RowFilter.Op;
import org.deeplake4j.engine.filter.RowFilter.Or;
import org.deeplake4j.engine.filter.RowFilter.RowIndex;
import org.deeplake4j.engine.filter.RowFilter.RowIndexIn;
import org.deeplake4j.engine.filter.RowFilter.TextIn;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Filters evaluated over the reference fixtures, checked against the values read directly. */
class RowFiltersTest {
  private static Dataset open(String fixture) {
    return Dataset.open(Fixtures.v3Fixtures().resolve(fixture).resolve("dataset").toString());
  }

  private static List<Long> matching(Dataset ds, RowFilter f, long rows) {
    BoundRowFilter b = RowFilters.bind(ds, f);
    List<Long> out = new ArrayList<>();
    for (long r = 0; r < rows; r++) {
      if (b.matches(r)) {
        out.add(r);
      }
    }
    return out;
  }

  private static List<Long> where(long rows, LongPredicate p) {
    List<Long> out = new ArrayList<>();
    for (long r = 0; r < rows; r++) {
      if (p.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void numericComparisonsMatchTheValues() {
    try (Dataset ds = open("numeric_fixed")) {
      long n = ds.length();
      Tensor i32 = ds.tensor("scalar_i32");
      Tensor u8 = ds.tensor("scalar_u8");
      Tensor f32 = ds.tensor("scalar_f32");
      Tensor f64 = ds.tensor("scalar_f64");
      Tensor b = ds.tensor("scalar_b");
      long pivot = i32.numpy(7).getLong(0);
      assertThat(matching(ds, new Compare("scalar_i32", Op.GT, new IntLiteral(pivot)), n))
          .isEqualTo(where(n, r -> i32.numpy(r).getLong(0) > pivot))
          .isNotEmpty();
      assertThat(matching(ds, new Compare("scalar_u8", Op.LE, new IntLiteral(128)), n))
          .isEqualTo(where(n, r -> u8.numpy(r).getLong(0) <= 128));
      float fp = (float) f32.numpy(3).getDouble(0);
      assertThat(matching(ds, new Compare("scalar_f32", Op.EQ, new FloatLiteral(fp)), n))
          .contains(3L);
      assertThat(matching(ds, new Compare("scalar_f64", Op.LT, new DoubleLiteral(0)), n))
          .isEqualTo(where(n, r -> f64.numpy(r).getDouble(0) < 0));
      assertThat(matching(ds, new Compare("scalar_b", Op.EQ, new BoolLiteral(true)), n))
          .isEqualTo(where(n, r -> b.numpy(r).getBoolean(0)));
      assertThat(
              matching(
                  ds,
                  new In(
                      "scalar_i32",
                      List.of(new IntLiteral(pivot), new IntLiteral(i32.numpy(0).getLong(0)))),
                  n))
          .containsExactly(0L, 7L);
    }
  }

  @Test
  void rowIndexFiltersAreExactRanges() {
    RowFilter f =
        new Or(
            new And(new RowIndex(Op.GE, 10), new RowIndex(Op.LT, 20)),
            new RowIndexIn(List.of(3L, 4L, 99L)));
    assertThat(RowFilters.isRowIndexOnly(f)).isTrue();
    assertThat(RowFilters.rowRanges(f, 44).toString()).isEqualTo("[[3, 5), [10, 20)]");
    assertThat(RowFilters.rowRanges(new Not(f), 44).toString())
        .isEqualTo("[[0, 3), [5, 10), [20, 44)]");
    RowFilter mixed = new And(new RowIndex(Op.LT, 5), new IsNull("x"));
    assertThat(RowFilters.isRowIndexOnly(mixed)).isFalse();
    assertThat(RowFilters.rowRanges(mixed, 44)).isEqualTo(RowRanges.of(0, 5));
    assertThat(RowFilters.rowRanges(new Not(mixed), 44)).isEqualTo(RowRanges.of(0, 44));
    try (Dataset ds = open("numeric_fixed")) {
      assertThat(matching(ds, f, 44))
          .isEqualTo(where(44, r -> r == 3 || r == 4 || r >= 10 && r < 20));
    }
  }

  @Test
  void emptySamplesAreNullAndComparisonsWithNullAreUnknown() {
    try (Dataset ds = open("numeric_dynamic")) {
      long n = ds.length();
      assertThat(matching(ds, new IsNull("i32"), n)).containsExactly(5L);
      assertThat(matching(ds, new Not(new IsNull("i32")), n))
          .doesNotContain(5L)
          .hasSize((int) n - 1);
      assertThat(RowFilters.isNull(ds.tensor("i32"), n)).as("beyond the end").isTrue();
    }
    try (Dataset ds = open("labels_bbox_embedding")) {
      long n = ds.length();
      Tensor labels = ds.tensor("labels");
      List<String> names = labels.classNames();
      String name = names.get((int) labels.numpy(0).getLong(0));
      assertThat(matching(ds, new ClassNameIn("labels", Set.of(name)), n))
          .isEqualTo(where(n, r -> names.get((int) labels.numpy(r).getLong(0)).equals(name)))
          .contains(0L);
      // NOT over an unknown stays unknown: no row beyond the data appears either way.
      BoundRowFilter b = RowFilters.bind(ds, new Not(new ClassNameIn("labels", Set.of(name))));
      assertThat(b.test(n)).isEqualTo(Truth.UNKNOWN);
    }
  }

  @Test
  void textEqualityIsExact() {
    try (Dataset ds = open("text_json_list")) {
      long n = ds.length();
      Tensor text = ds.tensor("text");
      String v = text.text(0);
      assertThat(matching(ds, new TextIn("text", Set.of(v)), n))
          .isEqualTo(where(n, r -> text.text(r).equals(v)))
          .contains(0L);
    }
  }

  @Test
  void filtersThatDoNotFitTheirTensorsAreRefused() {
    try (Dataset ds = open("text_json_list")) {
      assertThatThrownBy(() -> RowFilters.check(ds, new Compare("text", Op.EQ, new IntLiteral(1))))
          .isInstanceOf(UnsupportedFilterException.class)
          .hasMessageContaining("'text'");
      assertThatThrownBy(() -> RowFilters.check(ds, new IsNull("nope")))
          .isInstanceOf(UnsupportedFilterException.class)
          .hasMessageContaining("no tensor 'nope'");
    }
    try (Dataset ds = open("numeric_fixed")) {
      assertThatThrownBy(
              () -> RowFilters.check(ds, new Compare("scalar_i32", Op.EQ, new DoubleLiteral(1))))
          .isInstanceOf(UnsupportedFilterException.class);
      assertThatThrownBy(() -> RowFilters.check(ds, new Compare("i32", Op.EQ, new IntLiteral(1))))
          .isInstanceOf(UnsupportedFilterException.class)
          .hasMessageContaining("not scalar");
    }
  }

  @Test
  void rangesEvaluateAsRowsDo() {
    try (Dataset ds = open("numeric_fixed")) {
      long n = ds.length();
      long pivot = ds.tensor("scalar_i32").numpy(7).getLong(0);
      List<RowFilter> filters =
          List.of(
              new Compare("scalar_i32", Op.GT, new IntLiteral(pivot)),
              new Or(
                  new Compare("scalar_f32", Op.LT, new FloatLiteral(100f)),
                  new Not(new Compare("scalar_b", Op.EQ, new BoolLiteral(true)))),
              new And(
                  new In("scalar_u8", List.of(new IntLiteral(211), new IntLiteral(15))),
                  new RowIndex(Op.LT, 40)),
              new Not(new IsNull("scalar_f64")));
      for (RowFilter f : filters) {
        BoundRowFilter b = RowFilters.bind(ds, f);
        for (long start : new long[] {0, 5, n - 3}) {
          int count = (int) (n + 3 - start); // past the end: unknown, as row by row
          Truth[] out = new Truth[count];
          b.testRange(start, count, out);
          for (int i = 0; i < count; i++) {
            assertThat(out[i]).as("%s row %d", f, start + i).isEqualTo(b.test(start + i));
          }
        }
      }
    }
  }

  @Test
  void sqlFloatOrdering() {
    assertThat(RowFilters.sqlCompare(Float.NaN, Float.NaN)).isZero();
    assertThat(RowFilters.sqlCompare(Float.NaN, Float.POSITIVE_INFINITY)).isPositive();
    assertThat(RowFilters.sqlCompare(-0.0f, 0.0f)).isZero();
    assertThat(RowFilters.sqlCompare(1.0, Double.NaN)).isNegative();
  }
}
