package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.JsonCompare;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The type-mapping options: decodeImages, decodeLinks, jsonAsVariant, shapeColumns, labelColumns,
 * value by value against the fixtures' expected.json (written by Python deeplake) or the bytes the
 * test wrote, and their errors (raised by load(), before any job).
 */
class TypeOptionsTest {
  @TempDir static Path dir;
  private static String links;
  private static String webp;
  private static final List<byte[]> FILES = new ArrayList<>();
  private static final List<NdArray> PIXELS = new ArrayList<>();

  private static DataFrameReader reader() {
    return SharedSpark.get().read().format("deeplake");
  }

  private static List<Row> rows(Dataset<Row> df) {
    return df.orderBy("_index").collectAsList();
  }

  private static NdArray pixels(int h, int w, int c, int seed) {
    byte[] px = new byte[h * w * c];
    for (int k = 0; k < px.length; k++) {
      px[k] = (byte) (k * 7 + seed * 31 + k / 5);
    }
    return NdArray.of(Dtype.UINT8, new long[] {h, w, c}, px);
  }

  @BeforeAll
  static void writeLinks() throws Exception {
    Path files = Files.createDirectories(dir.resolve("files"));
    List<String> paths = new ArrayList<>();
    int[] channels = {3, 4, 1};
    for (int i = 0; i < 3; i++) {
      NdArray px = pixels(3 + i, 5, channels[i], i);
      NdArray enc =
          channels[i] == 1 ? NdArray.of(Dtype.UINT8, new long[] {3 + i, 5}, px.toBytes()) : px;
      byte[] png = Images.encode(enc, "png", "test");
      Path p = files.resolve("img" + i + ".png");
      Files.write(p, png);
      paths.add(p.toString());
      FILES.add(png);
      PIXELS.add(px);
    }
    links = dir.resolve("links").toString();
    try (org.deeplake4j.engine.Dataset ds = org.deeplake4j.engine.Dataset.create(links)) {
      ds.createTensor("lnk", TensorSpec.of("link[image]"));
      ds.createTensor("n", TensorSpec.generic().withDtype("int32"));
      ds.createTensor("n_shape", TensorSpec.generic().withDtype("int32"));
      ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
      ds.createTensor("frames", TensorSpec.of("sequence[image]").withSampleCompression("png"));
      for (int r = 0; r < 4; r++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lnk", r == 3 ? Samples.link("") : Samples.link(paths.get(r)));
        row.put("n", new int[] {r});
        row.put("n_shape", new int[] {r});
        List<Object> seq = new ArrayList<>();
        List<Object> frames = new ArrayList<>();
        for (int k = 0; k < r; k++) {
          seq.add(new int[k + 1]);
          frames.add(pixels(2 + k, 3, 3, r * 10 + k));
        }
        row.put("seq", seq);
        row.put("frames", frames);
        ds.append(row);
      }
      ds.commit("links");
    }
    webp = dir.resolve("webp").toString();
    try (org.deeplake4j.engine.Dataset ds = org.deeplake4j.engine.Dataset.create(webp)) {
      ds.createTensor("photos", TensorSpec.of("image").withSampleCompression("webp"));
      ds.createTensor("id", TensorSpec.generic().withDtype("int32"));
      ds.commit("empty");
    }
  }

  /** RGB(A) pixels of a Spark image struct's BGR(A) data, or the gray bytes as they are. */
  private static byte[] toRgb(Row img) {
    byte[] data = img.getAs("data");
    int c = img.getInt(img.fieldIndex("nChannels"));
    byte[] out = data.clone();
    if (c >= 3) {
      for (int k = 0; k < out.length; k += c) {
        out[k] = data[k + 2];
        out[k + 2] = data[k];
      }
    }
    return out;
  }

  @Test
  void decodeImagesMatchesPythonPixels() {
    Fixture f = Fixture.of("images_png");
    Dataset<Row> df = reader().option("decodeImages", "true").load(f.path());
    assertThat(df.schema().apply("images").dataType()).isEqualTo(SparkTypes.IMAGE);
    assertThat(df.schema().apply("gray").dataType()).isEqualTo(SparkTypes.IMAGE);
    JsonNode tensors = f.expected().get("versions").get(0).get("tensors");
    List<Row> rows = rows(df.select("_index", "images", "gray"));
    assertThat(rows).hasSize(tensors.get("images").get("samples").size());
    for (String col : new String[] {"images", "gray"}) {
      for (Row r : rows) {
        int i = (int) r.getLong(0);
        JsonNode exp = tensors.get(col).get("samples").get(i).get("value");
        Row img = r.getAs(col);
        int c = exp.get("shape").get(2).asInt();
        assertThat(img.getInt(img.fieldIndex("height"))).isEqualTo(exp.get("shape").get(0).asInt());
        assertThat(img.getInt(img.fieldIndex("width"))).isEqualTo(exp.get("shape").get(1).asInt());
        assertThat(img.getInt(img.fieldIndex("nChannels"))).isEqualTo(c);
        assertThat(img.getInt(img.fieldIndex("mode"))).isEqualTo(c == 1 ? 0 : c == 3 ? 16 : 24);
        assertThat((String) img.getAs("origin")).isEqualTo(f.path() + "/" + col + "[" + i + "]");
        assertThat(Records.sha256(toRgb(img)))
            .as(col + "[" + i + "]")
            .isEqualTo(exp.get("sha256").asText());
      }
    }
    // Spark prunes the struct to the fields a query uses (nested column pruning)
    Dataset<Row> pruned =
        df.selectExpr("_index", "images.height * images.width AS px", "images.nChannels");
    assertThat(pruned.queryExecution().executedPlan().toString()).contains("height");
    for (Row r : rows(pruned)) {
      JsonNode shape =
          tensors.get("images").get("samples").get((int) r.getLong(0)).get("value").get("shape");
      assertThat(r.getInt(1)).isEqualTo(shape.get(0).asInt() * shape.get(1).asInt());
      assertThat(r.getInt(2)).isEqualTo(shape.get(2).asInt());
    }
    // BGR really: the first pixel's bytes are the record's first values reversed
    Row first = rows.get(0).getAs("images");
    byte[] data = first.getAs("data");
    JsonNode fv = tensors.get("images").get("samples").get(0).get("value").get("first_values");
    assertThat(new int[] {data[0] & 255, data[1] & 255, data[2] & 255})
        .containsExactly(fv.get(2).asInt(), fv.get(1).asInt(), fv.get(0).asInt());
  }

  @Test
  void decodeImagesOfLinksAndNamedTensorsOnly() {
    Dataset<Row> df = reader().option("decodeImages", "lnk").load(links);
    assertThat(df.schema().apply("lnk").dataType()).isEqualTo(SparkTypes.IMAGE);
    assertThat(df.schema().apply("n").dataType()).isEqualTo(DataTypes.IntegerType);
    List<Row> rows = rows(df.select("_index", "lnk"));
    for (int i = 0; i < 3; i++) {
      Row img = rows.get(i).getAs("lnk");
      NdArray px = PIXELS.get(i);
      assertThat((String) img.getAs("origin")).endsWith("img" + i + ".png");
      assertThat(img.getInt(img.fieldIndex("height"))).isEqualTo(px.shape()[0]);
      assertThat(img.getInt(img.fieldIndex("width"))).isEqualTo(px.shape()[1]);
      assertThat(img.getInt(img.fieldIndex("nChannels"))).isEqualTo(px.shape()[2]);
      assertThat(img.getInt(img.fieldIndex("mode"))).isEqualTo(new int[] {16, 24, 0}[i]);
      assertThat(toRgb(img)).isEqualTo(px.toBytes());
    }
    assertThat(rows.get(3).isNullAt(1)).as("an empty link").isTrue();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> seqList(Object seq) {
    return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<Object>) seq);
  }

  @Test
  void sequencesOfImagesAndShapes() {
    Dataset<Row> df =
        reader()
            .option("decodeImages", "frames")
            .option("shapeColumns", "seq,frames")
            .option("tensors", "seq,frames")
            .load(links);
    assertThat(df.schema().apply("frames").dataType())
        .isEqualTo(DataTypes.createArrayType(SparkTypes.IMAGE, true));
    assertThat(df.schema().apply("seq_shape").dataType())
        .isEqualTo(
            DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.LongType, false), true));
    for (Row r : rows(df.select("_index", "seq_shape", "frames", "frames_shape"))) {
      int i = (int) r.getLong(0);
      List<Object> seqShapes = r.getList(1);
      List<Row> frames = r.getList(2);
      List<Object> frameShapes = r.getList(3);
      assertThat(seqShapes).hasSize(i);
      assertThat(frames).hasSize(i);
      for (int k = 0; k < i; k++) {
        assertThat(seqList(seqShapes.get(k))).containsExactly((long) k + 1);
        assertThat(seqList(frameShapes.get(k))).containsExactly(2L + k, 3L, 3L);
        Row img = frames.get(k);
        assertThat(img.getInt(img.fieldIndex("height"))).isEqualTo(2 + k);
        assertThat(toRgb(img)).isEqualTo(pixels(2 + k, 3, 3, i * 10 + k).toBytes());
        assertThat((String) img.getAs("origin")).contains("/frames[");
      }
    }
    // pruned to one field inside the array of structs
    List<Row> heights = rows(df.selectExpr("_index", "transform(frames, f -> f.height) AS h"));
    assertThat(heights.get(3).<Integer>getList(1)).containsExactly(2, 3, 4);
  }

  @Test
  void decodeLinksReadsTheLinkedFiles() {
    Dataset<Row> df = reader().option("decodeLinks", "true").load(links);
    assertThat(df.schema().apply("lnk").dataType()).isEqualTo(DataTypes.BinaryType);
    List<Row> rows = rows(df.select("_index", "lnk"));
    for (int i = 0; i < 3; i++) {
      assertThat((byte[]) rows.get(i).getAs("lnk")).isEqualTo(FILES.get(i));
    }
    assertThat(rows.get(3).isNullAt(1)).isTrue();
    // decodeImages wins over decodeLinks for link[image]
    Dataset<Row> both =
        reader()
            .option("decodeLinks", "true")
            .option("decodeImages", "true")
            .option("tensors", "lnk")
            .load(links);
    assertThat(both.schema().apply("lnk").dataType()).isEqualTo(SparkTypes.IMAGE);
  }

  @Test
  void jsonAsVariantMatchesPythonValues() {
    Fixture f = Fixture.of("text_json_list");
    Dataset<Row> df = reader().option("jsonAsVariant", "true").load(f.path());
    assertThat(df.schema().apply("records").dataType()).isEqualTo(DataTypes.VariantType);
    JsonNode samples =
        f.expected().get("versions").get(0).get("tensors").get("records").get("samples");
    List<Row> rows =
        rows(
            df.selectExpr(
                "_index", "to_json(records)", "variant_get(records, '$.name', 'string')"));
    assertThat(rows).hasSize(samples.size());
    for (Row r : rows) {
      int i = (int) r.getLong(0);
      JsonNode exp = samples.get(i).get("value");
      JsonNode act = Json.parseText(r.getString(1), "records[" + i + "]");
      assertThat(JsonCompare.diff(exp, act)).as("records[" + i + "]").isEmpty();
      JsonNode name = exp.get("name");
      assertThat(r.getString(2))
          .isEqualTo(name == null || !name.isTextual() ? null : name.asText());
    }
    // in groups too
    Dataset<Row> g = reader().option("jsonAsVariant", "true").load(Fixture.of("groups").path());
    StructType detail =
        (StructType) ((StructType) g.schema().apply("stats").dataType()).apply("detail").dataType();
    assertThat(detail.apply("extra").dataType()).isEqualTo(DataTypes.VariantType);
    assertThat(
            g.selectExpr("sum(variant_get(stats.detail.extra, '$.k', 'int'))").first().getLong(0))
        .isEqualTo(sumK(Fixture.of("groups")));
  }

  private static long sumK(Fixture f) {
    long s = 0;
    for (JsonNode x :
        f.expected()
            .get("versions")
            .get(0)
            .get("tensors")
            .get("stats/detail/extra")
            .get("samples")) {
      s += x.get("value").path("k").asLong();
    }
    return s;
  }

  @Test
  void shapeColumnsMatchPythonShapes() {
    Fixture f = Fixture.of("numeric_dynamic");
    Dataset<Row> df = reader().option("shapeColumns", "true").load(f.path());
    List<String> names = Arrays.asList(df.schema().fieldNames());
    JsonNode tensors = f.expected().get("versions").get(0).get("tensors");
    for (String t : new String[] {"b", "f32", "f64", "i32", "i64", "u8"}) {
      assertThat(names.indexOf(t + "_shape")).as(t).isEqualTo(names.indexOf(t) + 1);
      assertThat(df.schema().apply(t + "_shape").dataType())
          .isEqualTo(DataTypes.createArrayType(DataTypes.LongType, false));
      List<Row> rows = rows(df.select("_index", t + "_shape"));
      JsonNode samples = tensors.get(t).get("samples");
      assertThat(rows).hasSize(f.expected().get("versions").get(0).get("length").asInt());
      for (Row r : rows) {
        int i = (int) r.getLong(0);
        List<Long> shape = r.getList(1);
        List<Long> exp = new ArrayList<>();
        samples.get(i).get("shape").forEach(d -> exp.add(d.asLong()));
        assertThat(shape).as(t + "[" + i + "]").isEqualTo(exp);
      }
    }
    // links: the shapes of the linked images
    List<Row> lnk =
        rows(reader().option("shapeColumns", "lnk").load(links).select("_index", "lnk_shape"));
    for (int i = 0; i < 3; i++) {
      long[] s = PIXELS.get(i).shape();
      assertThat(lnk.get(i).<Long>getList(1))
          .as("lnk[" + i + "]")
          .containsExactly(s[0], s[1], s[2]);
    }
    assertThat(lnk.get(3).<Long>getList(1)).as("an empty link").containsExactly(0L, 0L, 0L);
    // only the named tensors; a group tensor's column sits in its struct
    Dataset<Row> one = reader().option("shapeColumns", "i32").load(f.path());
    assertThat(one.schema().fieldNames()).contains("i32_shape").doesNotContain("u8_shape");
    Dataset<Row> g =
        reader().option("shapeColumns", "x,stats/score").load(Fixture.of("groups").path());
    assertThat(g.selectExpr("x_shape", "stats.score_shape").first().getList(0))
        .containsExactly(2L, 3L);
    assertThat(g.selectExpr("stats.score_shape").first().getList(0)).containsExactly(1L);
  }

  @Test
  void labelColumnsMatchPythonClassNames() {
    Fixture f = Fixture.of("labels_bbox_embedding");
    Dataset<Row> df = reader().option("labelColumns", "true").load(f.path());
    assertThat(df.schema().apply("labels").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(df.schema().apply("labels_label").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(df.schema().apply("multi_label").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, true));
    assertThat(df.schema().fieldNames()).doesNotContain("emb_label", "boxes_label");
    JsonNode tensors = f.expected().get("versions").get(0).get("tensors");
    List<Row> rows = rows(df.select("_index", "labels", "labels_label", "multi_label"));
    for (Row r : rows) {
      int i = (int) r.getLong(0);
      JsonNode l = tensors.get("labels").get("samples").get(i);
      assertThat(r.getInt(1)).isEqualTo(l.get("value").get(0).asInt());
      assertThat(r.getString(2)).isEqualTo(l.get("text").get(0).asText());
      JsonNode m = tensors.get("multi").get("samples").get(i);
      if (m.get("shape").get(0).asInt() == 0) {
        assertThat(r.isNullAt(3)).isTrue();
      } else {
        List<String> exp = new ArrayList<>();
        m.get("text").forEach(x -> exp.add(x.asText()));
        assertThat(r.<String>getList(3)).as("multi[" + i + "]").isEqualTo(exp);
      }
    }
    // a filter on the label column (not pushed: Spark evaluates it)
    long dogs = 0;
    for (JsonNode s : tensors.get("labels").get("samples")) {
      dogs += s.get("text").get(0).asText().equals("dog") ? 1 : 0;
    }
    assertThat(df.where("labels_label = 'dog'").count()).isEqualTo(dogs).isPositive();
  }

  private static AnalysisException failsBeforeAnyJob(Runnable load) {
    SparkContext sc = SharedSpark.get().sparkContext();
    String group = "type-options-" + System.nanoTime();
    sc.setJobGroup(group, "bad options", false);
    try {
      Throwable t = catchThrowable(load::run);
      assertThat(t).isInstanceOf(AnalysisException.class);
      assertThat(sc.statusTracker().getJobIdsForGroup(group)).as("jobs started").isEmpty();
      return (AnalysisException) t;
    } finally {
      sc.clearJobGroup();
    }
  }

  @Test
  void errorsBeforeAnyTask() {
    String labels = Fixture.of("labels_bbox_embedding").path();
    AnalysisException notImage =
        failsBeforeAnyJob(() -> reader().option("decodeImages", "images,labels").load(labels));
    assertThat(notImage.getCondition()).isEqualTo("DEEPLAKE_TENSOR_NOT_FOUND");
    AnalysisException e =
        failsBeforeAnyJob(() -> reader().option("decodeImages", "labels").load(labels));
    assertThat(e.getCondition()).isEqualTo("DEEPLAKE_CANNOT_DECODE");
    assertThat(e.getMessage())
        .contains("'decodeImages'")
        .contains("'labels'")
        .contains("class_label")
        .contains("only image tensors");
    AnalysisException webpError =
        failsBeforeAnyJob(() -> reader().option("decodeImages", "true").load(webp));
    assertThat(webpError.getCondition()).isEqualTo("DEEPLAKE_CANNOT_DECODE");
    assertThat(webpError.getMessage()).contains("'photos'").contains("webp files").contains("png");
    AnalysisException label =
        failsBeforeAnyJob(() -> reader().option("labelColumns", "emb").load(labels));
    assertThat(label.getCondition()).isEqualTo("DEEPLAKE_CANNOT_DECODE");
    assertThat(label.getMessage()).contains("'labelColumns'").contains("class_names");
    AnalysisException notLink =
        failsBeforeAnyJob(() -> reader().option("decodeLinks", "n").load(links));
    assertThat(notLink.getCondition()).isEqualTo("DEEPLAKE_CANNOT_DECODE");
    assertThat(notLink.getMessage()).contains("'decodeLinks'").contains("only link tensors");
    AnalysisException missing =
        failsBeforeAnyJob(() -> reader().option("shapeColumns", "nope").load(labels));
    assertThat(missing.getCondition()).isEqualTo("DEEPLAKE_TENSOR_NOT_FOUND");
    assertThat(missing.getMessage()).contains("'nope'").contains("'shapeColumns'");
    AnalysisException clash =
        failsBeforeAnyJob(() -> reader().option("shapeColumns", "n").load(links));
    assertThat(clash.getCondition()).isEqualTo("DEEPLAKE_COLUMN_CLASH");
    assertThat(clash.getMessage()).contains("'n_shape'");
    AnalysisException bad =
        failsBeforeAnyJob(() -> reader().option("jsonAsVariant", "yes").load(labels));
    assertThat(bad.getCondition()).isEqualTo("DEEPLAKE_INVALID_OPTION");
    AnalysisException sql =
        failsBeforeAnyJob(
            () ->
                SharedSpark.get()
                    .sql("SELECT * FROM deeplake.`" + labels + "` WITH ('decodeImages' = 'labels')")
                    .collect());
    assertThat(sql.getCondition()).isEqualTo("DEEPLAKE_SCHEMA_OPTION_ON_SCAN");
  }
}
