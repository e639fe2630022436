package org.deeplake4j.engine.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.filter.RowFilter.And;
import org.deeplake4j.engine.filter.RowFilter.BoolLiteral;
import org.deeplake4j.engine.filter.RowFilter.ClassNameIn;
import org.deeplake4j.engine.filter.RowFilter.Compare;
import org.deeplake4j.engine.filter.RowFilter.Constant;
import org.deeplake4j.engine.filter.RowFilter.DoubleLiteral;
import org.deeplake4j.engine.filter.RowFilter.FloatLiteral;
import org.deeplake4j.engine.filter.RowFilter.In;
import org.deeplake4j.engine.filter.RowFilter.IntLiteral;
import org.deeplake4j.engine.filter.RowFilter.IsNull;
import org.deeplake4j.engine.filter.RowFilter.Literal;
import org.deeplake4j.engine.filter.RowFilter.Not;
import org.deeplake4j.engine.filter.RowFilter.Op;
import org.deeplake4j.engine.filter.RowFilter.Or;
import org.deeplake4j.engine.filter.RowFilter.RowIndex;
import org.deeplake4j.engine.filter.RowFilter.RowIndexIn;
import org.deeplake4j.engine.filter.RowFilter.TextIn;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RowFilters#bind} (filters compiled into the query evaluator) against the row-at-a-time
 * evaluator it replaced ({@link RowFiltersReference}): random filters over tensors of different
 * lengths (rows past a tensor's end are unknown), with NaN, -0.0 and infinities, empty samples,
 * class labels outside the class names, text, links (empty ones are null), sequences, bulk (plain,
 * lz4 chunks) and row-at-a-time (sample compressed) scalars; every row up to past the longest
 * tensor, row by row and in ranges.
 */
class RowFiltersEquivalenceTest {
  private static final double[] SPECIAL = {
    Double.NaN, -0.0, 0.0, 1.5, -2.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 3
  };

  @TempDir Path dir;

  private static NdArray col(Dtype d, int n, java.util.function.IntFunction<Number> v) {
    ByteBuffer b = ByteBuffer.allocate(n * d.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      Number x = v.apply(i);
      switch (d) {
        case FLOAT32 -> b.putFloat(x.floatValue());
        case FLOAT64 -> b.putDouble(x.doubleValue());
        case INT32, UINT32 -> b.putInt(x.intValue());
        default -> b.put(x.byteValue());
      }
    }
    return NdArray.of(d, new long[] {n}, b.array());
  }

  private Dataset build() {
    SplittableRandom r = new SplittableRandom(7);
    Dataset ds = Dataset.create(dir.resolve("eq").toString());
    ds.createTensor("i32", TensorSpec.generic().withDtype("int32").withMaxChunkSize(64));
    ds.tensor("i32").extend(col(Dtype.INT32, 30, i -> r.nextInt(-5, 6)));
    ds.createTensor("u8", TensorSpec.generic().withDtype("uint8").withChunkCompression("lz4"));
    ds.tensor("u8").extend(col(Dtype.UINT8, 20, i -> r.nextInt(250, 262)));
    ds.createTensor("f32", TensorSpec.generic().withDtype("float32"));
    ds.tensor("f32").extend(col(Dtype.FLOAT32, 25, i -> SPECIAL[r.nextInt(SPECIAL.length)]));
    ds.createTensor("f64", TensorSpec.generic().withDtype("float64"));
    ds.tensor("f64").extend(col(Dtype.FLOAT64, 35, i -> SPECIAL[r.nextInt(SPECIAL.length)]));
    ds.createTensor("b", TensorSpec.generic().withDtype("bool"));
    ds.tensor("b").extend(col(Dtype.BOOL, 28, i -> r.nextInt(2)));
    ds.createTensor("sc", TensorSpec.generic().withDtype("int32").withSampleCompression("lz4"));
    for (int i = 0; i < 24; i++) {
      ds.tensor("sc").append(new int[] {r.nextInt(-3, 4)});
    }
    ds.createTensor("dyn", TensorSpec.generic().withDtype("int32"));
    for (int i = 0; i < 22; i++) {
      if (r.nextInt(4) == 0) {
        ds.tensor("dyn").appendEmpty();
      } else {
        ds.tensor("dyn").append(new int[] {i, i});
      }
    }
    ds.createTensor("txt", TensorSpec.of("text"));
    for (int i = 0; i < 27; i++) {
      ds.tensor("txt").append(List.of("a", "b", "", "é").get(r.nextInt(4)));
    }
    ds.createTensor(
        "lbl",
        TensorSpec.of("class_label").withDtype("uint32").withClassNames(List.of("x", "y", "z")));
    ds.tensor("lbl").extend(col(Dtype.UINT32, 26, i -> r.nextInt(5)));
    ds.createTensor(
        "lnk", TensorSpec.of("link[image]").withSampleCompression("png").withVerify(false));
    for (int i = 0; i < 18; i++) {
      ds.tensor("lnk")
          .append(Samples.link(r.nextInt(3) == 0 ? "" : dir.resolve(i + ".png").toString()));
    }
    ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
    for (int i = 0; i < 21; i++) {
      ds.tensor("seq").append(r.nextBoolean() ? List.of() : List.of(new int[] {i}));
    }
    ds.flush();
    return ds;
  }

  private static Op op(SplittableRandom r) {
    return Op.values()[r.nextInt(Op.values().length)];
  }

  private static Literal floating(SplittableRandom r, boolean single) {
    double v = SPECIAL[r.nextInt(SPECIAL.length)];
    return single && r.nextBoolean() ? new FloatLiteral((float) v) : new DoubleLiteral(v);
  }

  private static RowFilter leaf(SplittableRandom r) {
    return switch (r.nextInt(14)) {
      case 0 -> new Compare("i32", op(r), new IntLiteral(r.nextInt(-6, 7)));
      case 1 -> new Compare("u8", op(r), new IntLiteral(r.nextInt(248, 264)));
      case 2 -> new Compare("f32", op(r), floating(r, true));
      case 3 -> new Compare("f64", op(r), floating(r, true));
      case 4 -> new Compare("b", op(r), new BoolLiteral(r.nextBoolean()));
      case 5 -> new Compare("sc", op(r), new IntLiteral(r.nextInt(-4, 5)));
      case 6 -> new In("i32", List.of(new IntLiteral(r.nextInt(-5, 6)), new IntLiteral(2)));
      case 7 -> new In("f64", List.of(floating(r, true), floating(r, false)));
      case 8 -> new In("sc", List.of());
      case 9 -> new TextIn("txt", r.nextBoolean() ? Set.of("a", "é") : Set.of(""));
      case 10 -> new ClassNameIn("lbl", r.nextBoolean() ? Set.of("y") : Set.of("x", "z", "w"));
      case 11 ->
          new IsNull(
              List.of("i32", "u8", "f32", "dyn", "txt", "lbl", "sc", "lnk", "seq")
                  .get(r.nextInt(9)));
      case 12 ->
          r.nextBoolean()
              ? new RowIndex(op(r), r.nextInt(-2, 40))
              : new RowIndexIn(List.of((long) r.nextInt(40), (long) r.nextInt(40)));
      default -> new Constant(r.nextBoolean());
    };
  }

  private static RowFilter filter(SplittableRandom r, int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return leaf(r);
    }
    return switch (r.nextInt(3)) {
      case 0 -> new And(filter(r, depth - 1), filter(r, depth - 1));
      case 1 -> new Or(filter(r, depth - 1), filter(r, depth - 1));
      default -> new Not(filter(r, depth - 1));
    };
  }

  @Test
  void randomFiltersEvaluateAsTheRowAtATimeEvaluatorDid() {
    SplittableRandom r = new SplittableRandom(11);
    int rows = 40;
    try (Dataset ds = build()) {
      for (int k = 0; k < 600; k++) {
        RowFilter f = filter(r, 3);
        BoundRowFilter want = RowFiltersReference.bind(ds, f);
        BoundRowFilter got = RowFilters.bind(ds, f);
        List<Truth> expected = new ArrayList<>();
        for (long row = 0; row < rows; row++) {
          expected.add(want.test(row));
        }
        List<Truth> actual = new ArrayList<>();
        for (long row = 0; row < rows; row++) {
          actual.add(got.test(row));
        }
        assertThat(actual).as("%s row by row", f).isEqualTo(expected);
        Truth[] out = new Truth[rows];
        got.testRange(0, rows, out);
        assertThat(out).as("%s over [0, %d)", f, rows).containsExactlyElementsOf(expected);
        int start = r.nextInt(rows);
        int n = r.nextInt(rows - start) + 1;
        got.testRange(start, n, out);
        assertThat(List.of(out).subList(0, n))
            .as("%s over [%d, %d)", f, start, start + n)
            .isEqualTo(expected.subList(start, start + n));
      }
    }
  }

  @Test
  void fixturesEvaluateAsTheRowAtATimeEvaluatorDid() {
    record Case(String fixture, RowFilter filter) {}
    List<Case> cases =
        List.of(
            new Case("numeric_dynamic", new IsNull("i32")),
            new Case("numeric_dynamic", new Not(new IsNull("i32"))),
            new Case("labels_bbox_embedding", new ClassNameIn("labels", Set.of("cat", "dog"))),
            new Case("labels_bbox_embedding", new Not(new IsNull("bbox"))),
            new Case("text_json_list", new Not(new IsNull("json"))),
            new Case("chunk_lz4", new Not(new IsNull("images"))),
            new Case("many_chunks", new RowIndex(Op.GE, 3)));
    for (Case c : cases) {
      try (Dataset ds =
          Dataset.open(Fixtures.v3Fixtures().resolve(c.fixture()).resolve("dataset").toString())) {
        if (!ds.hasTensor(RowFilters.tensors(c.filter()).stream().findFirst().orElse("x"))
            && !RowFilters.tensors(c.filter()).isEmpty()) {
          continue;
        }
        long rows = ds.length() + 3;
        BoundRowFilter want = RowFiltersReference.bind(ds, c.filter());
        BoundRowFilter got = RowFilters.bind(ds, c.filter());
        Truth[] out = new Truth[(int) rows];
        got.testRange(0, (int) rows, out);
        for (int row = 0; row < rows; row++) {
          assertThat(out[row])
              .as("%s %s row %d", c.fixture(), c.filter(), row)
              .isEqualTo(want.test(row))
              .isEqualTo(got.test(row));
        }
      }
    }
  }
}
