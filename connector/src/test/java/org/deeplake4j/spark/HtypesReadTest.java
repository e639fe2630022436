package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The htypes and dtypes the reference fixtures lack (int8, int16, uint16/32/64, float16, bool
 * arrays, lz4 chunks, sequences, links, tiled samples, empty samples, a shorter tensor), written
 * with the engine and read through Spark; the expected values are the engine's own records of the
 * dataset, compared as for the fixtures.
 */
class HtypesReadTest {
  private static final int ROWS = 12;
  @TempDir static Path dir;
  private static String path;

  private static NdArray nd(Dtype d, long[] shape, java.util.function.Consumer<ByteBuffer> f) {
    ByteBuffer b =
        ByteBuffer.allocate((int) (NdArray.numElements(shape) * d.itemSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    f.accept(b);
    return NdArray.of(d, shape, b.array());
  }

  private static short half(int i) {
    // 1.0, 1.5, -2.0, 0.5, 65504 (max half), -0.0 as IEEE binary16 bits
    short[] h = {0x3C00, 0x3E00, (short) 0xC000, 0x3800, 0x7BFF, (short) 0x8000};
    return h[i % h.length];
  }

  private static NdArray rgb(int h, int w, int seed) {
    byte[] px = new byte[h * w * 3];
    long x = seed + 1;
    for (int k = 0; k < px.length; k++) {
      x = x * 6364136223846793005L + 1442695040888963407L; // noise: PNG cannot shrink it
      px[k] = (byte) (x >>> 56);
    }
    return NdArray.of(Dtype.UINT8, new long[] {h, w, 3}, px);
  }

  @BeforeAll
  static void writeDataset() throws Exception {
    path = dir.resolve("htypes").toString();
    Path files = Files.createDirectories(dir.resolve("files"));
    List<String> links = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path p = files.resolve("img" + i + ".png");
      Files.write(p, Images.encode(rgb(3 + i, 4, i), "png", "test"));
      links.add(p.toString());
    }
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("i8", TensorSpec.generic().withDtype("int8"));
      ds.createTensor("i16", TensorSpec.generic().withDtype("int16"));
      ds.createTensor("u16", TensorSpec.generic().withDtype("uint16"));
      ds.createTensor("u32", TensorSpec.generic().withDtype("uint32"));
      ds.createTensor("u64", TensorSpec.generic().withDtype("uint64"));
      ds.createTensor("f16", TensorSpec.generic().withDtype("float16"));
      ds.createTensor("u16x3", TensorSpec.generic().withDtype("uint16").withMaxChunkSize(64));
      ds.createTensor("f16x2", TensorSpec.generic().withDtype("float16"));
      ds.createTensor("flags", TensorSpec.generic().withDtype("bool"));
      ds.createTensor(
          "mat",
          TensorSpec.generic()
              .withDtype("int32")
              .withChunkCompression("lz4")
              .withMaxChunkSize(100));
      ds.createTensor("emb", TensorSpec.of("embedding").withMaxChunkSize(128));
      ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
      ds.createTensor("seq_text", TensorSpec.of("sequence[text]"));
      ds.createTensor("boxes", TensorSpec.of("bbox"));
      ds.createTensor("lbl", TensorSpec.of("class_label").withClassNames(List.of("a", "b", "c")));
      ds.createTensor("multi", TensorSpec.of("class_label").withClassNames(List.of("x", "y")));
      ds.createTensor("lnk", TensorSpec.of("link[image]"));
      ds.createTensor("tiled", TensorSpec.generic().withDtype("float32").withTilingThreshold(400));
      ds.createTensor(
          "img", TensorSpec.of("image").withSampleCompression("png").withTilingThreshold(1000));
      ds.createTensor("g/h/deep", TensorSpec.generic().withDtype("int64"));
      for (int r = 0; r < ROWS; r++) {
        final int i = r;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("i8", nd(Dtype.INT8, new long[] {1}, b -> b.put((byte) (i * 20 - 120))));
        row.put(
            "i16", nd(Dtype.INT16, new long[] {1}, b -> b.putShort((short) (i * 3000 - 30000))));
        row.put("u16", nd(Dtype.UINT16, new long[] {1}, b -> b.putShort((short) (65535 - i))));
        row.put("u32", nd(Dtype.UINT32, new long[] {1}, b -> b.putInt((int) (4294967295L - i))));
        row.put("u64", nd(Dtype.UINT64, new long[] {1}, b -> b.putLong(-1L - i)));
        row.put("f16", nd(Dtype.FLOAT16, new long[] {1}, b -> b.putShort(half(i))));
        row.put(
            "u16x3",
            nd(
                Dtype.UINT16,
                new long[] {3},
                b -> b.putShort((short) i).putShort((short) 40000).putShort((short) 65535)));
        row.put(
            "f16x2",
            nd(Dtype.FLOAT16, new long[] {2}, b -> b.putShort(half(i)).putShort(half(i + 1))));
        row.put("flags", new boolean[] {i % 2 == 0, i % 3 == 0, true, false, i > 5});
        row.put(
            "mat",
            nd(
                Dtype.INT32,
                new long[] {2, 3},
                b -> {
                  for (int k = 0; k < 6; k++) {
                    b.putInt(i * 100 + k);
                  }
                }));
        row.put("emb", new float[] {i, -i, i / 4f, 1e-3f * i});
        List<Object> seq = new ArrayList<>();
        for (int k = 0; k < i % 4; k++) {
          seq.add(new int[] {i, k});
        }
        row.put("seq", seq);
        row.put("seq_text", i % 3 == 0 ? List.of() : List.of("s" + i, "t\u00e9" + i));
        row.put(
            "boxes",
            i % 4 == 0
                ? null
                : nd(
                    Dtype.FLOAT32,
                    new long[] {2, 4},
                    b -> b.asFloatBuffer().put(new float[] {i, i, 2, 2, 0, 1, 2, 3})));
        row.put("lbl", i % 3);
        row.put("multi", i % 3 == 0 ? List.of() : List.of(i % 2, 1));
        row.put("lnk", i % 4 == 3 ? Samples.link("") : Samples.link(links.get(i % 3)));
        float[] big = new float[i == 3 ? 300 : 6];
        for (int k = 0; k < big.length; k++) {
          big[k] = k + i;
        }
        row.put(
            "tiled",
            i == 3
                ? nd(Dtype.FLOAT32, new long[] {15, 20}, b -> b.asFloatBuffer().put(big))
                : nd(Dtype.FLOAT32, new long[] {2, 3}, b -> b.asFloatBuffer().put(big)));
        row.put("img", i == 5 ? rgb(30, 40, i) : rgb(4, 5, i));
        row.put("g/h/deep", (long) i * 1_000_000_000_000L);
        ds.append(row);
      }
      ds.createTensor("short", TensorSpec.of("text"));
      for (int r = 0; r < 5; r++) {
        ds.tensor("short").append("short " + r);
      }
    }
  }

  @Test
  void everyHtypeReadsAsTheEngineReadsIt() {
    JsonNode doc = Records.expectedDocument(path);
    assertThat(doc.get("versions")).hasSize(1);
    JsonNode v = doc.get("versions").get(0);
    assertThat(v.get("length").asLong()).isEqualTo(5);
    assertThat(v.get("max_len").asLong()).isEqualTo(ROWS);
    SparkExpectedChecker.checkVersion(path, "htypes", v);
  }

  @Test
  void schemaFollowsTheTypeMapping() {
    StructType s = SharedSpark.get().read().format("deeplake").load(path).schema();
    assertThat(s.apply("i8").dataType()).isEqualTo(DataTypes.ByteType);
    assertThat(s.apply("i16").dataType()).isEqualTo(DataTypes.ShortType);
    assertThat(s.apply("u16").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(s.apply("u32").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(s.apply("u64").dataType()).isEqualTo(DataTypes.createDecimalType(20, 0));
    assertThat(s.apply("f16").dataType()).isEqualTo(DataTypes.FloatType);
    assertThat(s.apply("u16x3").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
    assertThat(s.apply("mat").dataType())
        .isEqualTo(
            DataTypes.createArrayType(
                DataTypes.createArrayType(DataTypes.IntegerType, false), false));
    assertThat(s.apply("emb").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
    assertThat(s.apply("seq").dataType())
        .isEqualTo(
            DataTypes.createArrayType(
                DataTypes.createArrayType(DataTypes.IntegerType, false), true));
    assertThat(s.apply("seq_text").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, true));
    assertThat(s.apply("lbl").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(s.apply("lbl").metadata().getStringArray(SparkTypes.CLASS_NAMES_KEY))
        .containsExactly("a", "b", "c");
    assertThat(s.apply("lbl").metadata().getString(SparkTypes.HTYPE_KEY)).isEqualTo("class_label");
    assertThat(s.apply("multi").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
    assertThat(s.apply("lnk").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(s.apply("lnk").metadata().getString(SparkTypes.HTYPE_KEY)).isEqualTo("link[image]");
    assertThat(s.apply("img").dataType()).isEqualTo(DataTypes.BinaryType);
    assertThat(s.apply("boxes").dataType()).isInstanceOf(ArrayType.class);
    StructType g = (StructType) s.apply("g").dataType();
    StructType h = (StructType) g.apply("h").dataType();
    assertThat(h.apply("deep").dataType()).isEqualTo(DataTypes.LongType);
    assertThat(s.fieldNames()).doesNotContain("_i8_id");

    StructType picked =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("tensors", "g, i8, g/h/deep")
            .load(path)
            .schema();
    assertThat(picked.fieldNames()).containsExactly("g", "i8");

    StructType named =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("classLabels", "name")
            .load(path)
            .schema();
    assertThat(named.apply("lbl").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(named.apply("multi").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, true));
  }

  @Test
  void tiledImagesReadAsTheirPixelsAndStoredOnesAsPng() {
    List<Row> rows =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("padTensors", "true")
            .load(path)
            .selectExpr("_index", "img")
            .collectAsList()
            .stream()
            .sorted(java.util.Comparator.comparingLong(r -> r.getLong(0)))
            .toList();
    try (Dataset ds = Dataset.open(path)) {
      var img = ds.tensor("img");
      assertThat(img.chunkIdEncoder().rowsWithSameLast(img.chunkIdEncoder().rowOf(5)))
          .as("row 5 is tiled")
          .isGreaterThan(1);
      assertThat((byte[]) rows.get(5).get(1)).isEqualTo(img.numpy(5).toBytes());
      assertThat((byte[]) rows.get(4).get(1)).isEqualTo(img.bytes(4));
      assertThat(
              new String(
                  (byte[]) rows.get(4).get(1), 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("PNG");
    }
  }
}
