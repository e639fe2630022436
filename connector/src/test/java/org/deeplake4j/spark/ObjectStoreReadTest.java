package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.spark.storage.ObjectStores;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Datasets on S3 (moto) and Azure Blob (Azurite) emulators on 127.0.0.1: written by the engine
 * ({@code Dataset.create} on the URL), read back by the engine and by Spark; reference fixtures
 * uploaded and read by Spark against their expected.json.
 */
@ExtendWith(ObjectStores.class)
class ObjectStoreReadTest {
  private static final int ROWS = 300;

  record Store(String name, Function<String, String> url, Map<String, String> options) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Store s3() {
    return new Store("s3a", ObjectStores::s3Url, ObjectStores.s3Options());
  }

  static Store abfs() {
    return new Store("abfs", ObjectStores::abfsUrl, ObjectStores.abfsOptions());
  }

  static Stream<Arguments> stores() {
    return Stream.of(Arguments.of(s3()), Arguments.of(abfs()));
  }

  static float[] embedding(long i) {
    float[] e = new float[16];
    for (int k = 0; k < e.length; k++) {
      e[k] = i + k / 16f;
    }
    return e;
  }

  /** Writes ROWS rows in two commits, small chunks so a read spans many objects. */
  static void write(String url, Map<String, String> options) {
    OpenOptions o = OpenOptions.defaults().withReadOnly(false).withStorageOptions(options);
    try (Dataset ds = Dataset.create(url, o, false)) {
      ds.createTensor("id", TensorSpec.generic().withDtype("int64").withMaxChunkSize(1024));
      ds.createTensor("emb", TensorSpec.of("embedding").withMaxChunkSize(8192));
      ds.createTensor("label", TensorSpec.of("class_label"));
      ds.createTensor("text", TensorSpec.of("text"));
      for (int i = 0; i < ROWS; i++) {
        ds.append(Map.of("id", (long) i, "emb", embedding(i), "label", i % 5, "text", "row " + i));
        if (i == ROWS / 2) {
          ds.commit("first half");
        }
      }
      ds.commit("second half");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stores")
  void engineWritesThenEngineAndSparkReadBack(Store store) {
    String url = store.url().apply(ObjectStores.unique("engine"));
    write(url, store.options());

    try (Dataset ds =
        Dataset.open(url, OpenOptions.defaults().withStorageOptions(store.options()))) {
      assertThat(ds.storage().root()).isEqualTo(url);
      assertThat(ds.tensor("id").length()).isEqualTo(ROWS);
      assertThat(ds.log()).hasSizeGreaterThanOrEqualTo(2);
      for (long i : new long[] {0, 1, ROWS / 2, ROWS - 1}) {
        assertThat(ds.tensor("id").numpy(i).getLong(0)).isEqualTo(i);
        assertThat(ds.tensor("emb").numpy(i).toFloatArray()).containsExactly(embedding(i));
        assertThat(ds.tensor("text").text(i)).isEqualTo("row " + i);
      }
    }

    List<Row> rows =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .options(store.options())
            .option("partitionBytes", "2k") // many partitions, each opening the store itself
            .load(url)
            .orderBy("id")
            .collectAsList();
    assertThat(rows).hasSize(ROWS);
    for (int i = 0; i < ROWS; i++) {
      Row r = rows.get(i);
      assertThat(r.getLong(r.fieldIndex("id"))).isEqualTo(i);
      List<Float> emb = r.getList(r.fieldIndex("emb"));
      float[] want = embedding(i);
      assertThat(emb).hasSize(want.length);
      for (int k = 0; k < want.length; k++) {
        assertThat(emb.get(k)).isEqualTo(want[k]);
      }
      assertThat(r.getInt(r.fieldIndex("label"))).isEqualTo(i % 5);
      assertThat(r.getString(r.fieldIndex("text"))).isEqualTo("row " + i);
    }
  }

  @Test
  void s3SchemeAndSessionHadoopSettings() {
    String path = ObjectStores.unique("session");
    write(ObjectStores.s3Url(path), ObjectStores.s3Options());
    SparkSession spark = SharedSpark.get();
    Map<String, String> o = ObjectStores.s3Options();
    List<String> set = new ArrayList<>();
    try {
      // settings from the session (spark.conf), none on the reader; s3:// served by S3A
      o.forEach(
          (k, v) -> {
            spark.conf().set(k, v);
            set.add(k);
          });
      long n =
          spark
              .read()
              .format("deeplake")
              .load("s3://" + ObjectStores.BUCKET + "/" + path)
              .where("id % 2 = 0")
              .count();
      assertThat(n).isEqualTo(ROWS / 2);
    } finally {
      set.forEach(spark.conf()::unset);
    }
  }

  /** Python deeplake 3.9.52 reads, through its own S3 provider (boto3), what the engine wrote. */
  @Test
  void pythonDeeplakeReadsTheS3DatasetTheEngineWrote() throws Exception {
    String path = ObjectStores.unique("python");
    Map<String, String> o = ObjectStores.s3Options();
    write(ObjectStores.s3Url(path), o);
    ProcessBuilder pb =
        new ProcessBuilder(
                org.deeplake4j.engine.testing.PythonDeeplake.python().toString(),
                java.nio.file.Path.of("src/test/python/read_s3_dataset.py")
                    .toAbsolutePath()
                    .toString(),
                "s3://" + ObjectStores.BUCKET + "/" + path,
                o.get("fs.s3a.endpoint"))
            .redirectErrorStream(false);
    pb.environment().put("AWS_ACCESS_KEY_ID", o.get("fs.s3a.access.key"));
    pb.environment().put("AWS_SECRET_ACCESS_KEY", o.get("fs.s3a.secret.key"));
    pb.environment().put("BUGGER_OFF", "1");
    java.nio.file.Path err = java.nio.file.Files.createTempFile("deeplake4j-py-s3", ".log");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String log = java.nio.file.Files.readString(err);
    java.nio.file.Files.deleteIfExists(err);
    assertThat(p.exitValue()).as("python output:%n%s%n%s", out, log).isZero();
    JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
    assertThat(r.get("length").asInt()).isEqualTo(ROWS);
    assertThat(r.get("commits").asInt()).isGreaterThanOrEqualTo(2);
    for (int i = 0; i < ROWS; i++) {
      assertThat(r.get("id").get(i).asLong()).isEqualTo(i);
      assertThat(r.get("text").get(i).asText()).isEqualTo("row " + i);
      assertThat(r.get("label").get(i).asInt()).isEqualTo(i % 5);
      double sum = 0;
      for (float f : embedding(i)) {
        sum += f;
      }
      assertThat(r.get("emb_sum").get(i).asDouble())
          .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-3));
    }
  }

  /** Fixtures uploaded to each store and read by Spark against expected.json. */
  @TestFactory
  List<DynamicNode> fixturesUploadedToEachStoreReadLikePython() {
    List<DynamicNode> out = new ArrayList<>();
    // version_control (6 versions) on both; two more kinds split between the stores
    Map<String, List<String>> plan =
        Map.of(
            "s3a", List.of("version_control", "labels_bbox_embedding"),
            "abfs", List.of("version_control", "groups"));
    for (Store store : List.of(s3(), abfs())) {
      List<DynamicNode> fixtures = new ArrayList<>();
      for (String name : plan.get(store.name())) {
        Fixture f = Fixture.of(name);
        String url = store.url().apply(ObjectStores.unique(name));
        List<DynamicNode> versions = new ArrayList<>();
        versions.add(
            DynamicTest.dynamicTest(
                "upload",
                () ->
                    assertThat(ObjectStores.upload(f.dataset(), url, store.options()))
                        .isPositive()));
        for (JsonNode v : f.expected().get("versions")) {
          versions.add(
              DynamicTest.dynamicTest(
                  v.get("label").asText(),
                  () -> SparkExpectedChecker.checkVersion(url, name, v, store.options())));
        }
        fixtures.add(DynamicContainer.dynamicContainer(name, versions));
      }
      out.add(DynamicContainer.dynamicContainer(store.name(), fixtures));
    }
    return out;
  }
}
