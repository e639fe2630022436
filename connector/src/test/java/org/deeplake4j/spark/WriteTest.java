package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.types.CommitNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code df.write.format("deeplake")} (issue 15, first slice): a round trip of the mapped types
 * (Spark and the engine read back what Spark wrote; Python deeplake 3.9.52 reads every version the
 * same), append twice, overwrite (the older commit stays readable), failed and speculative task
 * attempts committing nothing twice, and a failed job changing nothing.
 */
class WriteTest {
  @TempDir Path dir;

  private static final SparkSession SPARK = SharedSpark.get();

  static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            new StructField("id", DataTypes.LongType, false, Metadata.empty()),
            new StructField("small", DataTypes.IntegerType, true, Metadata.empty()),
            new StructField("score", DataTypes.FloatType, true, Metadata.empty()),
            new StructField("flag", DataTypes.BooleanType, true, Metadata.empty()),
            new StructField(
                "emb",
                DataTypes.createArrayType(DataTypes.FloatType, false),
                true,
                Metadata.empty()),
            new StructField(
                "mat",
                DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)),
                true,
                Metadata.empty()),
            new StructField("text", DataTypes.StringType, true, Metadata.empty()),
            new StructField("label", DataTypes.StringType, true, Metadata.empty()),
            new StructField("img", DataTypes.BinaryType, true, Metadata.empty())
          });

  static byte[] png(int w, int h, int seed) throws Exception {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        im.setRGB(x, y, (seed * 31 + x * 7 + y * 13) * 0x010203 & 0xffffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(im, "png", out);
    return out.toByteArray();
  }

  static final String[] LABELS = {"cat", "dog", "bird"};

  static Row row(long i) throws Exception {
    boolean nulls = i % 5 == 3;
    return RowFactory.create(
        i,
        nulls ? null : (int) (i * 3 - 7),
        nulls ? null : i * 0.25f,
        nulls ? null : i % 2 == 0,
        nulls ? null : new float[] {i, i + 0.5f, -i},
        nulls ? null : new double[][] {{i, 1}, {2, i * 1.5}, {3, 4}},
        nulls ? null : "row " + i,
        nulls ? null : LABELS[(int) (i % 3)],
        nulls ? null : png(4 + (int) (i % 3), 3, (int) i));
  }

  static org.apache.spark.sql.Dataset<Row> frame(long from, long to, int partitions)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    for (long i = from; i < to; i++) {
      Row r = row(i);
      // Spark rows carry arrays as Lists
      Object[] v = new Object[r.size()];
      for (int c = 0; c < v.length; c++) {
        v[c] = r.get(c);
      }
      if (v[4] != null) {
        float[] f = (float[]) v[4];
        List<Float> l = new ArrayList<>();
        for (float x : f) {
          l.add(x);
        }
        v[4] = l;
      }
      if (v[5] != null) {
        List<List<Double>> m = new ArrayList<>();
        for (double[] d : (double[][]) v[5]) {
          m.add(Arrays.stream(d).boxed().toList());
        }
        v[5] = m;
      }
      rows.add(RowFactory.create(v));
    }
    // consecutive ids in consecutive partitions: the written order is the id order
    return SPARK
        .createDataFrame(rows, SCHEMA)
        .repartitionByRange(partitions, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id");
  }

  static org.apache.spark.sql.DataFrameWriter<Row> writer(
      org.apache.spark.sql.Dataset<Row> df, String mode) {
    return df.write()
        .format("deeplake")
        .mode(mode)
        .option("htype.label", "class_label")
        .option("classNames.label", String.join(",", LABELS))
        .option("htype.img", "image")
        .option("sampleCompression.img", "png");
  }

  static List<Long> ids(String path, String ref) {
    try (Dataset ds = ref == null ? Dataset.open(path) : Dataset.open(path, ref)) {
      Tensor t = ds.tensor("id");
      List<Long> out = new ArrayList<>();
      for (long i = 0; i < t.length(); i++) {
        out.add(t.numpy(i).getLong(0));
      }
      return out;
    }
  }

  static List<Long> sparkIds(String path) {
    return SPARK.read().format("deeplake").load(path).select("id").collectAsList().stream()
        .map(r -> r.getLong(0))
        .toList();
  }

  @Test
  void roundTripOfEveryMappedTypeThroughSparkTheEngineAndPython() throws Exception {
    String p = dir.resolve("rt").toString();
    writer(frame(0, 12, 3), "append").option("commitMessage", "first").save(p);

    // The engine reads back what was written, value for value, with the htypes asked for.
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensor("id").dtype().numpyName()).isEqualTo("int64");
      assertThat(ds.tensor("small").dtype().numpyName()).isEqualTo("int32");
      assertThat(ds.tensor("score").dtype().numpyName()).isEqualTo("float32");
      assertThat(ds.tensor("flag").dtype().numpyName()).isEqualTo("bool");
      assertThat(ds.tensor("text").htype()).isEqualTo("text");
      assertThat(ds.tensor("label").htype()).isEqualTo("class_label");
      assertThat(ds.tensor("label").classNames()).containsExactly(LABELS);
      assertThat(ds.tensor("img").htype()).isEqualTo("image");
      assertThat(ds.tensor("img").metadata().sampleCompression()).isEqualTo("png");
      assertThat(ds.log()).extracting(CommitNode::message).contains("first");
      for (long i = 0; i < 12; i++) {
        assertThat(ds.tensor("id").numpy(i).getLong(0)).isEqualTo(i);
        if (i % 5 == 3) {
          assertThat(ds.tensor("small").numpy(i).size()).as("null: empty sample").isZero();
          assertThat(ds.tensor("emb").numpy(i).size()).isZero();
          assertThat(ds.tensor("img").numpy(i).size()).isZero();
          assertThat(ds.tensor("text").text(i)).isEmpty();
          continue;
        }
        assertThat(ds.tensor("small").numpy(i).getLong(0)).isEqualTo(i * 3 - 7);
        assertThat(ds.tensor("score").numpy(i).getDouble(0)).isEqualTo(i * 0.25);
        assertThat(ds.tensor("flag").numpy(i).getBoolean(0)).isEqualTo(i % 2 == 0);
        assertThat(ds.tensor("emb").numpy(i).toFloatArray()).containsExactly(i, i + 0.5f, -i);
        assertThat(ds.tensor("mat").shape(i)).containsExactly(3, 2);
        assertThat(ds.tensor("mat").numpy(i).toDoubleArray())
            .containsExactly(i, 1, 2, i * 1.5, 3, 4);
        assertThat(ds.tensor("text").text(i)).isEqualTo("row " + i);
        assertThat(ds.tensor("label").numpy(i).getLong(0)).isEqualTo(i % 3);
        assertThat(ds.tensor("img").bytes(i)).isEqualTo(png(4 + (int) (i % 3), 3, (int) i));
        assertThat(ds.tensor("img").shape(i)).containsExactly(3, 4 + i % 3, 3);
      }
    }

    // Spark reads back the same values (class labels by name).
    List<Row> back =
        SPARK
            .read()
            .format("deeplake")
            .option("classLabels", "name")
            .load(p)
            .orderBy("id")
            .collectAsList();
    assertThat(back).hasSize(12);
    // A null in a number column is an empty sample (shape (0,), as Python stores None), so the
    // samples no longer all hold one element and the reader maps the column to an array: the
    // written number is its one element, the null an empty array.
    StructType readSchema = SPARK.read().format("deeplake").load(p).schema();
    assertThat(readSchema.apply("small").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType, false));
    assertThat(readSchema.apply("id").dataType()).isEqualTo(DataTypes.LongType);
    for (Row r : back) {
      long i = r.getLong(r.fieldIndex("id"));
      if (i % 5 == 3) {
        assertThat(one(r, "small")).isNull();
        assertThat(one(r, "score")).isNull();
        assertThat(one(r, "flag")).isNull();
        assertThat(one(r, "label")).isNull();
        assertThat(r.getString(r.fieldIndex("text"))).isEmpty();
        assertThat(r.get(r.fieldIndex("img")))
            .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat((byte[]) v).isEmpty());
        continue;
      }
      assertThat(one(r, "small")).isEqualTo((int) (i * 3 - 7));
      assertThat(one(r, "score")).isEqualTo(i * 0.25f);
      assertThat(one(r, "flag")).isEqualTo(i % 2 == 0);
      assertThat(r.<Float>getList(r.fieldIndex("emb")))
          .containsExactly((float) i, i + 0.5f, (float) -i);
      assertThat(
              r.<scala.collection.Seq<Double>>getList(r.fieldIndex("mat")).stream()
                  .map(x -> scala.jdk.javaapi.CollectionConverters.asJava(x))
                  .toList())
          .containsExactly(List.of((double) i, 1.0), List.of(2.0, i * 1.5), List.of(3.0, 4.0));
      assertThat(r.getString(r.fieldIndex("text"))).isEqualTo("row " + i);
      assertThat(one(r, "label")).isEqualTo(LABELS[(int) (i % 3)]);
      assertThat((byte[]) r.get(r.fieldIndex("img"))).isEqualTo(png(4 + (int) (i % 3), 3, (int) i));
    }

    // Read -> write keeps htypes and class names from the column metadata, without options.
    String copy = dir.resolve("copy").toString();
    SPARK.read().format("deeplake").load(p).write().format("deeplake").mode("append").save(copy);
    try (Dataset ds = Dataset.open(copy)) {
      assertThat(ds.tensor("label").htype()).isEqualTo("class_label");
      assertThat(ds.tensor("label").classNames()).containsExactly(LABELS);
      assertThat(ds.tensor("img").htype()).isEqualTo("image");
      assertThat(ds.tensor("img").metadata().sampleCompression()).isEqualTo("png");
      assertThat(ds.tensor("small").dtype().numpyName()).isEqualTo("int32");
    }
    assertThat(ids(copy, null)).containsExactlyInAnyOrderElementsOf(ids(p, null));

    // Python deeplake reads every version of both datasets as the engine does.
    assertPythonReadsTheSame(List.of(p, copy));
  }

  @Test
  void appendTwiceAndOverwriteKeepingTheOlderCommit() throws Exception {
    String p = dir.resolve("ao").toString();
    writer(frame(0, 10, 2), "append")
        .option("commitMessage", "one")
        .option("maxChunkSize", "4096")
        .option("tilingThreshold", "-1")
        .save(p);
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensor("emb").metadata().maxChunkSize()).isEqualTo(4096);
      assertThat(ds.tensor("emb").metadata().tilingThreshold()).isEqualTo(-1);
    }
    writer(frame(10, 20, 3), "append").option("commitMessage", "two").save(p);
    // rows land in partition order (range partitions of the ids), the jobs one after the other
    List<Long> ids = ids(p, null);
    assertThat(ids).containsExactlyElementsOf(range(0, 20));
    assertThat(sparkIds(p)).containsExactlyElementsOf(ids);
    String two;
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.log()).extracting(CommitNode::message).contains("one", "two");
      two = ds.log().get(0).id();
      assertThat(ds.log().get(0).message()).isEqualTo("two");
    }

    writer(frame(100, 104, 1), "overwrite").option("commitMessage", "three").save(p);
    assertThat(ids(p, null)).containsExactly(100L, 101L, 102L, 103L);
    assertThat(ids(p, two)).containsExactlyElementsOf(ids);
    // An append without a commit message lands on the HEAD without a commit.
    writer(frame(200, 202, 1), "append").save(p);
    assertThat(ids(p, null)).containsExactly(100L, 101L, 102L, 103L, 200L, 201L);
    assertPythonReadsTheSame(List.of(p));
  }

  /** The one element of an array column (null for an empty array or null). */
  static Object one(Row r, String column) {
    Object v = r.get(r.fieldIndex(column));
    if (v == null) {
      return null;
    }
    List<Object> l = r.getList(r.fieldIndex(column));
    assertThat(l.size()).as("%s holds at most one element", column).isLessThanOrEqualTo(1);
    return l.isEmpty() ? null : l.get(0);
  }

  static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  /** A task that failed once, and two speculative attempts: each row once. */
  @Test
  void failedAndSpeculativeTaskAttemptsCommitNothingTwice() throws Exception {
    String p = dir.resolve("retry").toString();
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType, false)
            .add("text", DataTypes.StringType, true);
    LogicalWriteInfo info =
        new LogicalWriteInfo() {
          @Override
          public String queryId() {
            return "q";
          }

          @Override
          public StructType schema() {
            return schema;
          }

          @Override
          public CaseInsensitiveStringMap options() {
            return new CaseInsensitiveStringMap(Map.of());
          }
        };
    DeepLakeWrite.Builder b = new DeepLakeWrite.Builder(Map.of("path", p), info);
    BatchWrite batch = b.build().toBatch();
    String staging = ((DeepLakeWrite.Batch) batch).plan().stagingId();
    DataWriterFactory f = batch.createBatchWriterFactory(null);
    // partition 0: the first attempt fails midway (Spark aborts it), the second commits
    DataWriter<InternalRow> a0 = f.createWriter(0, 1);
    write(a0, 0, 3);
    a0.abort();
    a0.close();
    DataWriter<InternalRow> a1 = f.createWriter(0, 2);
    write(a1, 0, 5);
    WriterCommitMessage m0 = a1.commit();
    a1.close();
    // partition 1: two attempts both finish (speculation); Spark commits one of them
    DataWriter<InternalRow> s1 = f.createWriter(1, 3);
    write(s1, 5, 8);
    WriterCommitMessage lost = s1.commit();
    s1.close();
    DataWriter<InternalRow> s2 = f.createWriter(1, 4);
    write(s2, 5, 8);
    WriterCommitMessage m1 = s2.commit();
    s2.close();
    assertThat(Dataset.exists(p)).isTrue();
    assertThat(ids(p, null)).as("nothing visible before the commit").isEmpty();
    batch.commit(new WriterCommitMessage[] {m1, m0}); // in partition order, whatever the array
    assertThat(ids(p, null)).containsExactlyElementsOf(range(0, 8));
    for (String k : ((DeepLakeWrite.Message) lost).fragment().chunkKeys()) {
      assertThat(Files.exists(Path.of(p, k))).as("chunk %s of the losing attempt", k).isFalse();
    }
    List<String> kept = new ArrayList<>();
    kept.addAll(((DeepLakeWrite.Message) m0).fragment().chunkKeys());
    kept.addAll(((DeepLakeWrite.Message) m1).fragment().chunkKeys());
    try (Stream<Path> s = Files.walk(Path.of(p, "versions", staging))) {
      List<String> files =
          s.filter(Files::isRegularFile).map(x -> Path.of(p).relativize(x).toString()).toList();
      assertThat(files).containsExactlyInAnyOrderElementsOf(kept);
    }
    assertPythonReadsTheSame(List.of(p));
  }

  private static void write(DataWriter<InternalRow> w, long from, long to) throws Exception {
    for (long i = from; i < to; i++) {
      w.write(new GenericInternalRow(new Object[] {i, UTF8String.fromString("row " + i)}));
    }
  }

  /** A UDF that throws on row 7: the job fails. */
  static final class FailOn7 implements UDF1<Long, Long> {
    @Override
    public Long call(Long x) {
      if (x == 7) {
        throw new IllegalStateException("boom on row 7");
      }
      return x;
    }
  }

  @Test
  void aFailingJobLeavesTheDatasetUnchanged() throws Exception {
    SPARK.udf().register("failOn7", new FailOn7(), DataTypes.LongType);
    String p = dir.resolve("fail").toString();
    // a new dataset: none after the failed job
    assertThatThrownBy(
            () ->
                writer(
                        frame(0, 10, 2)
                            .selectExpr("*")
                            .withColumn(
                                "id",
                                org.apache.spark.sql.functions.callUDF(
                                    "failOn7", org.apache.spark.sql.functions.col("id"))),
                        "append")
                    .save(p))
        .hasStackTraceContaining("boom on row 7");
    assertThat(Dataset.exists(p)).isFalse();
    // an existing dataset: the same rows and versions, no staged chunks left
    writer(frame(0, 4, 1), "append").option("commitMessage", "base").save(p);
    List<String> before = listing(p);
    assertThatThrownBy(
            () ->
                writer(
                        frame(0, 10, 2)
                            .withColumn(
                                "id",
                                org.apache.spark.sql.functions.callUDF(
                                    "failOn7", org.apache.spark.sql.functions.col("id"))),
                        "overwrite")
                    .option("commitMessage", "never")
                    .save(p))
        .hasStackTraceContaining("boom on row 7");
    assertThat(ids(p, null)).containsExactly(0L, 1L, 2L, 3L);
    assertThat(listing(p)).containsExactlyInAnyOrderElementsOf(before);
  }

  private static List<String> listing(String p) throws Exception {
    try (Stream<Path> s = Files.walk(Path.of(p))) {
      return s.filter(Files::isRegularFile)
          .map(x -> Path.of(p).relativize(x).toString())
          .filter(x -> !x.contains("lock"))
          .toList();
    }
  }

  @Test
  void unsupportedColumnsAndModesFailBeforeAnyTaskRuns() throws Exception {
    String p = dir.resolve("bad").toString();
    org.apache.spark.sql.Dataset<Row> ts = SPARK.sql("SELECT 1L AS id, current_timestamp() AS at");
    assertThatThrownBy(() -> ts.write().format("deeplake").mode("append").save(p))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'at'")
        .hasMessageContaining("timestamp");
    org.apache.spark.sql.Dataset<Row> bin = SPARK.sql("SELECT X'00' AS blob");
    assertThatThrownBy(() -> bin.write().format("deeplake").mode("append").save(p))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("htype.blob=image");
    assertThat(Dataset.exists(p)).isFalse();
    // an unknown class name fails the job (naming the row), and nothing is written
    org.apache.spark.sql.Dataset<Row> lbl = SPARK.sql("SELECT 'cow' AS label");
    assertThatThrownBy(
            () ->
                lbl.write()
                    .format("deeplake")
                    .mode("append")
                    .option("htype.label", "class_label")
                    .option("classNames.label", "cat,dog")
                    .save(p))
        .hasStackTraceContaining("'cow' is not one of the class names [cat, dog]")
        .hasStackTraceContaining("row 0");
    assertThat(Dataset.exists(p)).isFalse();
    // a column the existing dataset has no tensor for
    SPARK.sql("SELECT 1L AS id").write().format("deeplake").mode("append").save(p);
    assertThatThrownBy(
            () ->
                SPARK
                    .sql("SELECT 1L AS id, 2L AS other")
                    .write()
                    .format("deeplake")
                    .mode("append")
                    .save(p))
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("'other'");
    assertThat(ids(p, null)).containsExactly(1L);
    // errorifexists (save()'s default) and ignore: Spark 4.2 refuses them for a bare TableProvider
    for (String mode : new String[] {"errorifexists", "ignore"}) {
      assertThatThrownBy(
              () -> SPARK.sql("SELECT 2L AS id").write().format("deeplake").mode(mode).save(p))
          .isInstanceOf(AnalysisException.class)
          .hasMessageContaining("UNSUPPORTED_DATA_SOURCE_SAVE_MODE");
    }
    assertThat(ids(p, null)).containsExactly(1L);
  }

  @Test
  void emptyDataFramesCreateAndOverwrite() throws Exception {
    String p = dir.resolve("empty").toString();
    writer(frame(0, 0, 1), "append").save(p);
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensorNames()).contains("id", "emb", "img", "label");
      assertThat(ds.tensor("label").classNames()).containsExactly(LABELS);
    }
    assertThat(ids(p, null)).isEmpty();
    writer(frame(0, 3, 1), "append").option("commitMessage", "three").save(p);
    writer(frame(0, 0, 2), "overwrite").save(p);
    assertThat(ids(p, null)).isEmpty();
    assertThat(SPARK.read().format("deeplake").load(p).count()).isZero();
    assertPythonReadsTheSame(List.of(p));
  }

  @Test
  void dtypesFromOptionsAndColumnMetadata() throws Exception {
    String p = dir.resolve("dtypes").toString();
    SPARK
        .sql(
            "SELECT CAST(id AS SHORT) AS px, array(CAST(id AS SHORT), 255S) AS pxs,"
                + " CAST('18446744073709551615' AS DECIMAL(20,0)) AS big"
                + " FROM range(3)")
        .write()
        .format("deeplake")
        .mode("append")
        .option("dtype.px", "uint8")
        .option("dtype.pxs", "uint8")
        .save(p);
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensor("px").dtype().numpyName()).isEqualTo("uint8");
      assertThat(ds.tensor("pxs").dtype().numpyName()).isEqualTo("uint8");
      assertThat(ds.tensor("big").dtype().numpyName()).isEqualTo("uint64");
      assertThat(ds.tensor("pxs").numpy(2).toLongArray()).containsExactly(2, 255);
      assertThat(ds.tensor("big").numpy(0).getLong(0)).isEqualTo(-1L); // 2^64 - 1 as bits
    }
    // read -> write keeps uint8 and uint64 (the reader's deeplake.dtype metadata)
    String copy = dir.resolve("dtypes-copy").toString();
    SPARK.read().format("deeplake").load(p).write().format("deeplake").mode("append").save(copy);
    try (Dataset ds = Dataset.open(copy)) {
      assertThat(ds.tensor("px").dtype().numpyName()).isEqualTo("uint8");
      assertThat(ds.tensor("big").dtype().numpyName()).isEqualTo("uint64");
    }
    // a value the dtype cannot hold fails the job, naming the tensor; nothing is written
    assertThatThrownBy(
            () ->
                SPARK
                    .sql("SELECT 300S AS px, array(1S) AS pxs, CAST(1 AS DECIMAL(20,0)) AS big")
                    .write()
                    .format("deeplake")
                    .mode("append")
                    .save(p))
        .hasStackTraceContaining("tensor 'px'")
        .hasStackTraceContaining("300 is out of range for uint8");
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensor("px").length()).isEqualTo(3);
    }
    assertPythonReadsTheSame(List.of(p, copy));
  }

  @Test
  void jpegFilesAreStoredAsGiven() throws Exception {
    String p = dir.resolve("jpeg").toString();
    BufferedImage im = new BufferedImage(10, 6, BufferedImage.TYPE_3BYTE_BGR);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(im, "jpg", b);
    byte[] jpeg = b.toByteArray();
    StructType schema = new StructType().add("photo", DataTypes.BinaryType, true);
    SPARK
        .createDataFrame(List.of(RowFactory.create((Object) jpeg)), schema)
        .write()
        .format("deeplake")
        .mode("append")
        .option("htype.photo", "image")
        .option("sampleCompression.photo", "jpeg")
        .save(p);
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensor("photo").metadata().sampleCompression()).isEqualTo("jpeg");
      assertThat(ds.tensor("photo").bytes(0)).isEqualTo(jpeg);
      assertThat(ds.tensor("photo").shape(0)).containsExactly(6, 10, 3);
    }
    assertThat((byte[]) SPARK.read().format("deeplake").load(p).first().get(0)).isEqualTo(jpeg);
    assertPythonReadsTheSame(List.of(p));
  }

  /** Through the path catalog: INSERT INTO, INSERT OVERWRITE and writeTo().append(). */
  @Test
  void sqlInsertAndWriteToThroughThePathCatalog() throws Exception {
    String p = dir.resolve("sql").toString();
    SPARK.sql("SELECT 1L AS id, 'a' AS text").write().format("deeplake").mode("append").save(p);
    String t = "deeplake.`" + p + "`";
    SPARK.sql("INSERT INTO " + t + " SELECT 2L AS id, 'b' AS text");
    SPARK.sql("SELECT 3L AS id, 'c' AS text").writeTo(t).append();
    assertThat(ids(p, null)).containsExactly(1L, 2L, 3L);
    assertThat(
            SPARK.sql("SELECT text FROM " + t + " ORDER BY id").collectAsList().stream()
                .map(r -> r.getString(0))
                .toList())
        .containsExactly("a", "b", "c");
    SPARK.sql("INSERT OVERWRITE " + t + " SELECT 9L AS id, 'z' AS text");
    assertThat(ids(p, null)).containsExactly(9L);
  }

  // ---- Python: deeplake 3.9.52 reads every version of every dataset as the engine does ----

  static void assertPythonReadsTheSame(List<String> paths) throws Exception {
    Map<String, Map<String, Map<String, String>>> java = new LinkedHashMap<>();
    for (String p : paths) {
      java.put(p, digests(p));
    }
    Path out = Files.createTempFile("deeplake4j-spark-write", ".json");
    List<String> cmd = new ArrayList<>();
    cmd.add(org.deeplake4j.engine.testing.PythonDeeplake.python().toString());
    cmd.add(Path.of("../engine/src/test/python/read_versions.py").toAbsolutePath().toString());
    cmd.add(out.toString());
    cmd.addAll(paths);
    Path log = Files.createTempFile("deeplake4j-spark-write", ".log");
    Process proc =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(proc.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(proc.exitValue()).as(Files.readString(log)).isZero();
    JsonNode py = new ObjectMapper().readTree(out.toFile());
    for (String p : paths) {
      JsonNode r = py.get(p);
      assertThat(r.path("ok").asBoolean()).as("Python read %s: %s", p, r.path("error")).isTrue();
      JsonNode versions = r.get("versions");
      for (var v : java.get(p).entrySet()) {
        JsonNode pv = versions.get(v.getKey());
        assertThat(pv).as("Python sees version %s of %s", v.getKey(), p).isNotNull();
        for (var t : v.getValue().entrySet()) {
          assertThat(
                  pv.path(t.getKey()).path("length").asLong()
                      + ":"
                      + pv.path(t.getKey()).path("digest").asText())
              .as("%s at %s of %s", t.getKey(), v.getKey(), p)
              .isEqualTo(t.getValue());
        }
      }
    }
  }

  /** ref -> tensor -> "length:digest", as read_versions.py computes them. */
  static Map<String, Map<String, String>> digests(String path) throws Exception {
    Map<String, Map<String, String>> out = new TreeMap<>();
    List<String> refs = new ArrayList<>();
    try (Dataset ds = Dataset.open(path)) {
      refs.addAll(ds.branches());
      for (CommitNode n : ds.log()) {
        refs.add(n.id());
      }
    }
    for (String ref : refs) {
      try (Dataset ds = Dataset.open(path, ref)) {
        Map<String, String> m = new TreeMap<>();
        for (String n : ds.tensorNames(true)) {
          Tensor t = ds.tensor(n);
          MessageDigest all = MessageDigest.getInstance("SHA-256");
          for (long i = 0; i < t.length(); i++) {
            byte[] b =
                t.baseType().isTextLike()
                    ? t.text(i).getBytes(StandardCharsets.UTF_8)
                    : t.numpy(i).toBytes();
            all.update(MessageDigest.getInstance("SHA-256").digest(b));
          }
          m.put(n, t.length() + ":" + HexFormat.of().formatHex(all.digest()));
        }
        out.put(ref, m);
      }
    }
    return out;
  }
}
