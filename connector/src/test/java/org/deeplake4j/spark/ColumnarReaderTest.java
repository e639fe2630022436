package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar reader without Spark's scheduler: many batches of a multi-chunk embedding and scalar
 * columns, values checked, allocator closed without leaks.
 */
class ColumnarReaderTest {
  private static final int ROWS = 10_000;
  @TempDir static Path dir;
  private static String path;

  @BeforeAll
  static void write() {
    path = dir.resolve("emb").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("id", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("emb", TensorSpec.of("embedding").withMaxChunkSize(200_000));
      ds.createTensor("lbl", TensorSpec.of("class_label"));
      for (int i = 0; i < ROWS; i++) {
        float[] e = new float[128];
        for (int k = 0; k < e.length; k++) {
          e[k] = i + k / 128f;
        }
        ds.append(Map.of("id", (long) i, "emb", e, "lbl", i % 7));
      }
    }
  }

  @Test
  void batchesHoldEveryValue() {
    DeepLakeTable table = DeepLakeTable.load(path, Map.of());
    StructType schema = table.schema();
    DeepLakeScan scan =
        DeepLakeScan.plan(
            table,
            DeepLakeSnapshot.load(DeepLakeOptions.parse(path, Map.of())).options(),
            schema,
            List.of(),
            null,
            null,
            null,
            null,
            null);
    assertThat(scan.columnarSupportMode().toString()).isEqualTo("SUPPORTED");
    DeepLakeScan again =
        DeepLakeScan.plan(
            table,
            DeepLakeOptions.parse(path, Map.of()),
            schema,
            List.of(),
            null,
            null,
            null,
            null,
            null);
    assertThat(again).isEqualTo(scan).hasSameHashCodeAs(scan);
    assertThat(again.description()).isEqualTo(scan.description());
    ReadSpec spec = scan.spec();
    var part = new DeepLakeInputPartition(spec, 0, 17, ROWS);
    long row = 17;
    int batches = 0;
    try (DeepLakeColumnarReader r = new DeepLakeColumnarReader(part, 4096)) {
      while (r.next()) {
        ColumnarBatch b = r.get();
        batches++;
        for (int i = 0; i < b.numRows(); i++, row++) {
          assertThat(b.column(0).getLong(i)).isEqualTo(row);
          var a = b.column(1).getArray(i);
          assertThat(a.numElements()).isEqualTo(128);
          assertThat(a.getFloat(0)).isEqualTo((float) row);
          assertThat(a.getFloat(127)).isEqualTo(row + 127 / 128f);
          assertThat(b.column(2).getInt(i)).isEqualTo((int) (row % 7));
        }
        b.closeIfFreeable(); // as Spark's ColumnarToRow does after each batch
      }
    }
    assertThat(row).isEqualTo(ROWS);
    assertThat(batches).isEqualTo(3);
  }

  @Test
  void sparkAggregatesOverColumnarBatches() {
    var df = SharedSpark.get().read().format("deeplake").load(path);
    var r = df.selectExpr("sum(emb[0])", "count(*)", "sum(id)", "count_if(lbl = 3)").first();
    double expected = 0;
    for (int i = 0; i < ROWS; i++) {
      expected += i;
    }
    assertThat(r.getDouble(0)).isEqualTo(expected);
    assertThat(r.getLong(1)).isEqualTo(ROWS);
    assertThat(r.getLong(2)).isEqualTo((long) expected);
    assertThat(r.getLong(3)).isEqualTo((ROWS + 3) / 7);
  }

  @Test
  void batchesWithoutAMatchingRowAreSkipped() {
    DeepLakeTable table = DeepLakeTable.load(path, Map.of());
    var filter =
        new org.deeplake4j.engine.filter.RowFilter.Compare(
            "id",
            org.deeplake4j.engine.filter.RowFilter.Op.EQ,
            new org.deeplake4j.engine.filter.RowFilter.IntLiteral(5_500));
    DeepLakeScan scan =
        DeepLakeScan.plan(
            table,
            DeepLakeOptions.parse(path, Map.of()),
            table.schema(),
            List.of(),
            null,
            filter,
            null,
            null,
            null);
    var part = new DeepLakeInputPartition(scan.spec(), 0, 0, ROWS);
    List<Long> firstRows = new java.util.ArrayList<>();
    try (DeepLakeColumnarReader r = new DeepLakeColumnarReader(part, 1000)) {
      while (r.next()) {
        firstRows.add(r.get().column(0).getLong(0));
        r.get().closeIfFreeable();
      }
    }
    assertThat(firstRows).containsExactly(5_000L);
  }

  @Test
  void fixedArraysOfEveryWidthWithNullRowsPastAShorterTensor(@TempDir Path tmp) {
    String p = tmp.resolve("arrays").toString();
    String[] dtypes = {"int8", "int16", "int32", "int64", "float32", "float64"};
    try (Dataset ds = Dataset.create(p)) {
      ds.createTensor("id", TensorSpec.generic().withDtype("int64"));
      for (String d : dtypes) {
        ds.createTensor("a_" + d, TensorSpec.generic().withDtype(d).withMaxChunkSize(64));
      }
      for (int i = 0; i < 50; i++) {
        ds.tensor("id").append((long) i);
        if (i < 37) {
          int b = i * 3;
          ds.tensor("a_int8").append(new byte[] {(byte) b, (byte) (b + 1), (byte) (b + 2)});
          ds.tensor("a_int16").append(new short[] {(short) b, (short) (b + 1), (short) (b + 2)});
          ds.tensor("a_int32").append(new int[] {b, b + 1, b + 2});
          ds.tensor("a_int64").append(new long[] {b, b + 1, b + 2});
          ds.tensor("a_float32").append(new float[] {b, b + 1, b + 2});
          ds.tensor("a_float64").append(new double[] {b, b + 1, b + 2});
        }
      }
    }
    var df =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("padTensors", "true")
            .option("batchSize", "16")
            .load(p);
    assertThat(df.queryExecution().executedPlan().toString()).contains("Columnar");
    for (String d : dtypes) {
      var rows = df.selectExpr("id", "a_" + d).collectAsList();
      assertThat(rows).hasSize(50);
      for (var r : rows) {
        long id = r.getLong(0);
        if (id < 37) {
          List<Object> v = r.getList(1);
          assertThat(v.stream().map(x -> ((Number) x).longValue()).toList())
              .as(d + " row " + id)
              .containsExactly(id * 3, id * 3 + 1, id * 3 + 2);
        } else {
          assertThat(r.isNullAt(1)).as(d + " row " + id).isTrue();
        }
      }
    }
  }
}
