package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/deeplake import} as a write transaction, through the real launcher in child JVMs: four
 * imports at once into a new dataset and into a dataset Python created without a commit all land;
 * an import killed while creating its dataset leaves nothing the next import refuses; 300,000 rows
 * import with {@code -Xmx128m}. Python deeplake 3.9.52 reads every result (one process).
 */
class ImportTransactionsIT {
  private static final String SCHEMA =
      "{\"tensors\": [{\"name\": \"id\", \"dtype\": \"int64\"}, {\"name\": \"text\", \"htype\":"
          + " \"text\"}]}";

  private static Path script;

  @TempDir Path dir;

  @BeforeAll
  static void locate() {
    Path cli = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    script = cli.getParent().getParent().resolve("bin/deeplake");
    assertThat(cli.resolve("target/deeplake4j-cli.jar"))
        .as("the CLI jar: run this test through `mvn verify`, after `package`")
        .isRegularFile();
  }

  private Process start(String javaOpts, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    String javaHome = System.getProperty("java.home");
    pb.environment().put("JAVA_HOME", javaHome);
    pb.environment().put("PATH", javaHome + "/bin" + File.pathSeparator + System.getenv("PATH"));
    if (javaOpts != null) {
      pb.environment().put("DEEPLAKE_JAVA_OPTS", javaOpts);
    }
    return pb.start();
  }

  private Path rows(String name, long from, long to) throws IOException {
    Path p = dir.resolve(name);
    try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
      for (long i = from; i < to; i++) {
        w.write("{\"id\": " + i + ", \"text\": \"row " + i + "\"}\n");
      }
    }
    return p;
  }

  private void concurrentImports(String ds, int writers, long rowsEach) throws Exception {
    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, SCHEMA);
    List<Process> ps = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Path rows = rows(ds.hashCode() + "-" + w + ".jsonl", w * 1000L, w * 1000L + rowsEach);
      Path log = dir.resolve("import-" + Math.abs(ds.hashCode()) + "-" + w + ".log");
      logs.add(log);
      ps.add(
          start(
              null,
              log,
              "import",
              ds,
              "--schema",
              schema.toString(),
              "--jsonl",
              rows.toString(),
              "--lock-timeout",
              "2m"));
    }
    for (int w = 0; w < writers; w++) {
      assertThat(ps.get(w).waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(ps.get(w).exitValue())
          .as("import %d: %s", w, Files.readString(logs.get(w)))
          .isZero();
    }
  }

  /** Every writer's rows, each writer's contiguous and in order, plus {@code extra}. */
  private static void assertRows(String ds, int writers, long rowsEach, long... extra) {
    try (Dataset d = Dataset.open(ds)) {
      long n = d.tensor("id").length();
      assertThat(n).isEqualTo(writers * rowsEach + extra.length);
      Set<Long> seen = new HashSet<>();
      long prev = Long.MIN_VALUE;
      for (long i = 0; i < n; i++) {
        long id = d.tensor("id").numpy(i).getLong(0);
        assertThat(seen.add(id)).as("id %d once", id).isTrue();
        assertThat(d.tensor("text").text(i)).isEqualTo(id == -1 ? "python" : "row " + id);
        if (id >= 0 && id % 1000 != 0) {
          assertThat(id).as("rows of one import stay together").isEqualTo(prev + 1);
        }
        prev = id;
      }
      for (long e : extra) {
        assertThat(seen).contains(e);
      }
    }
  }

  @Test
  void concurrentImportsKilledCreationAndBoundedMemory() throws Exception {
    // 1. Four imports at once into a path with no dataset: one creates it (and its first commit),
    // the others join; all rows land.
    String fresh = dir.resolve("fresh").toString();
    concurrentImports(fresh, 4, 300);
    assertRows(fresh, 4, 300);

    // 2. Four imports at once into a dataset Python created and wrote without committing.
    String py = dir.resolve("py").toString();
    PythonDeeplake.run(300, "txn_python_steps.py", "uncommitted", py);
    concurrentImports(py, 4, 300);
    assertRows(py, 4, 300, -1);

    // 3. An import killed while it creates the dataset (SIGKILL as soon as dataset_meta.json
    // exists): the next import with the same schema takes the path, and only its rows are there.
    String killed = dir.resolve("killed").toString();
    Path schema = dir.resolve("schema.json");
    Path big = rows("big.jsonl", 0, 200_000);
    Process p =
        start(
            null,
            dir.resolve("killed.log"),
            "import",
            killed,
            "--schema",
            schema.toString(),
            "--jsonl",
            big.toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(Path.of(killed, "dataset_meta.json")) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Path small = rows("small.jsonl", 5000, 5010);
    Process again =
        start(
            null,
            dir.resolve("again.log"),
            "import",
            killed,
            "--schema",
            schema.toString(),
            "--jsonl",
            small.toString(),
            "--lock-timeout",
            "1m");
    assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).as(Files.readString(dir.resolve("again.log"))).isZero();
    try (Dataset d = Dataset.open(killed)) {
      assertThat(d.tensor("id").length()).isEqualTo(10);
      assertThat(d.tensor("id").numpy(0).getLong(0)).isEqualTo(5000);
    }

    // 4. Bounded memory: 300,000 rows with a 128 MB heap, one commit.
    String large = dir.resolve("large").toString();
    Path many = rows("many.jsonl", 0, 300_000);
    Path log = dir.resolve("large.log");
    Process l =
        start(
            "-Xmx128m",
            log,
            "import",
            large,
            "--schema",
            schema.toString(),
            "--jsonl",
            many.toString(),
            "--commit",
            "many");
    assertThat(l.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(l.exitValue()).as(Files.readString(log)).isZero();
    try (Dataset d = Dataset.open(large)) {
      assertThat(d.tensor("id").length()).isEqualTo(300_000);
      assertThat(d.tensor("text").text(299_999)).isEqualTo("row 299999");
    }

    // Python reads each result: integrity check, length, ids.
    for (String ds : List.of(fresh, py, killed)) {
      String out = PythonDeeplake.run(300, "txn_python_steps.py", "ids", ds);
      JsonNode j = Json.parse(out.trim().getBytes(StandardCharsets.UTF_8), ds);
      try (Dataset d = Dataset.open(ds)) {
        assertThat(j.get("len").asLong()).as(ds).isEqualTo(d.tensor("id").length());
        for (int i = 0; i < j.get("ids").size(); i++) {
          assertThat(j.get("ids").get(i).asLong()).isEqualTo(d.tensor("id").numpy(i).getLong(0));
        }
      }
    }
  }
}
