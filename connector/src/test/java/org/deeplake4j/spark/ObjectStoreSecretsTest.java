package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.storage.StorageAccessDeniedException;
import org.deeplake4j.spark.storage.Emulator;
import org.deeplake4j.spark.storage.ObjectStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Credentials given as reader options never show: not in plans ({@code explain(extended)}), the
 * scan's description, partitions' or options' {@code toString}, failure messages (whole cause
 * chains and stack traces), or the log (captured at DEBUG for the connector and Hadoop's object
 * stores). Refused or missing credentials fail with a typed error naming the path.
 */
@ExtendWith(ObjectStores.class)
class ObjectStoreSecretsTest {
  private static final String SECRET = "s3cr3t-" + UUID.randomUUID();
  private static final String KEY_ID = "AKIDSECRET" + UUID.randomUUID().toString().substring(0, 8);

  private static Map<String, String> secretOptions(Emulator server) {
    return ObjectStores.s3Options(server, KEY_ID, SECRET);
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder sb = new StringBuilder(w.toString());
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      sb.append('\n').append(c).append('\n').append(c.getMessage());
    }
    return sb.toString();
  }

  private static String stdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void secretsAppearInNoPlanScanPartitionMessageOrLog() {
    String path = ObjectStores.unique("secrets");
    String url = ObjectStores.s3Url(path);
    Map<String, String> o = secretOptions(ObjectStores.moto()); // moto checks no signatures
    ObjectStoreReadTest.write(url, o);

    StringBuilder seen = new StringBuilder();
    try (LogCapture log = LogCapture.open()) {
      Dataset<Row> df =
          SharedSpark.get().read().format("deeplake").options(o).load(url).where("id > 3");
      String explain = stdout(() -> df.explain(true));
      assertThat(explain).contains("DeepLakeScan").contains(url);
      seen.append(explain).append(df.queryExecution().toString());
      assertThat(df.count()).isEqualTo(296);

      // the scan, its partitions and options, as Spark would print them
      DeepLakeTable table = DeepLakeTable.load(url, o);
      Scan scan = table.newScanBuilder(new CaseInsensitiveStringMap(o)).build();
      seen.append(scan.description()).append(scan).append(table).append(table.name());
      seen.append(table.properties());
      for (InputPartition p : scan.toBatch().planInputPartitions()) {
        seen.append(p);
      }
      seen.append(DeepLakeOptions.parse(url, o));
      seen.append(OpenOptions.defaults().withStorageOptions(o));

      // failing reads: no dataset there; an endpoint nobody listens on
      Throwable missing =
          catchThrowable(
              () ->
                  SharedSpark.get()
                      .read()
                      .format("deeplake")
                      .options(o)
                      .load(ObjectStores.s3Url(ObjectStores.unique("nothing")))
                      .count());
      assertThat(missing).isInstanceOf(AnalysisException.class);
      seen.append(everything(missing));
      Map<String, String> dead = new LinkedHashMap<>(o);
      dead.put("fs.s3a.endpoint", "http://127.0.0.1:" + Emulator.freePort());
      Throwable unreachable =
          catchThrowable(
              () -> SharedSpark.get().read().format("deeplake").options(dead).load(url).count());
      assertThat(unreachable).isInstanceOf(AnalysisException.class).hasMessageContaining(url);
      seen.append(everything(unreachable));
      seen.append("\n--- log ---\n").append(log.text());
      assertThat(log.text()).as("captured log").isNotEmpty();
    }
    assertThat(seen.toString()).doesNotContain(SECRET).contains(url);
  }

  @Test
  void refusedS3CredentialsAreATypedErrorNamingThePath() {
    Emulator checking = ObjectStores.motoCheckingCredentials();
    String url = ObjectStores.s3Url("guarded");
    Map<String, String> o = secretOptions(checking);

    Throwable engine =
        catchThrowable(
            () ->
                org.deeplake4j.engine.Dataset.open(
                        url, OpenOptions.defaults().withStorageOptions(o))
                    .close());
    assertThat(engine)
        .isInstanceOf(StorageAccessDeniedException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("access denied");
    assertThat(everything(engine)).doesNotContain(SECRET);

    Throwable spark =
        catchThrowable(() -> SharedSpark.get().read().format("deeplake").options(o).load(url));
    assertThat(spark)
        .isInstanceOf(AnalysisException.class)
        .hasMessageContaining("Access denied to the Deep Lake dataset at " + url);
    assertThat(((AnalysisException) spark).getCondition()).isEqualTo("DEEPLAKE_ACCESS_DENIED");
    assertThat(everything(spark)).doesNotContain(SECRET);
  }

  @Test
  void missingS3CredentialsAreATypedErrorNamingThePath() {
    Map<String, String> o = new LinkedHashMap<>(ObjectStores.s3Options());
    o.remove("fs.s3a.access.key");
    o.remove("fs.s3a.secret.key");
    String url = ObjectStores.s3Url("no-credentials");
    Throwable e =
        catchThrowable(
            () ->
                org.deeplake4j.engine.Dataset.open(
                        url, OpenOptions.defaults().withStorageOptions(o))
                    .close());
    assertThat(e)
        .isInstanceOf(StorageAccessDeniedException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("credentials");
  }

  @Test
  void wrongAzureAccountKeyIsATypedErrorNamingThePath() {
    String wrongKey =
        java.util.Base64.getEncoder()
            .encodeToString(("wrong-" + SECRET).getBytes(StandardCharsets.UTF_8));
    Map<String, String> o = ObjectStores.abfsOptions(wrongKey);
    String url = ObjectStores.abfsUrl("guarded");
    Throwable engine =
        catchThrowable(
            () ->
                org.deeplake4j.engine.Dataset.open(
                        url, OpenOptions.defaults().withStorageOptions(o))
                    .close());
    assertThat(engine)
        .isInstanceOf(StorageAccessDeniedException.class)
        .hasMessageContaining(url)
        .hasMessageContaining("access denied");
    assertThat(everything(engine)).doesNotContain(wrongKey).doesNotContain(SECRET);
    Throwable spark =
        catchThrowable(() -> SharedSpark.get().read().format("deeplake").options(o).load(url));
    assertThat(spark).isInstanceOf(AnalysisException.class).hasMessageContaining(url);
    assertThat(((AnalysisException) spark).getCondition()).isEqualTo("DEEPLAKE_ACCESS_DENIED");
    assertThat(everything(spark)).doesNotContain(wrongKey);
  }
}
