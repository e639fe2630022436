package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deeplake import} in a JVM with a 24 MB heap and a row that does not fit: the failure is
 * one line on stderr and exit code 1, no stack trace, and no dataset is left behind.
 */
class CliOutOfMemoryTest {
  @TempDir Path dir;

  @Test
  void outOfMemoryIsOneLineAndExitCodeOne() throws Exception {
    Path schema = dir.resolve("schema.json");
    Files.writeString(schema, "{\"tensors\": [{\"name\": \"t\", \"htype\": \"text\"}]}");
    // One row holding a 40 MB string: import reads every row into memory before writing.
    Path rows = dir.resolve("rows.jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
      w.write("{\"t\": \"");
      char[] block = new char[1 << 20];
      java.util.Arrays.fill(block, 'a');
      for (int i = 0; i < 40; i++) {
        w.write(block);
      }
      w.write("\"}\n");
    }
    Path ds = dir.resolve("ds");
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx24m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    DeepLakeCli.class.getName(),
                    "import",
                    ds.toString(),
                    "--schema",
                    schema.toString(),
                    "--jsonl",
                    rows.toString()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stderr).isEqualTo(1);
    assertThat(stderr.lines()).as(stderr).hasSize(1);
    assertThat(stderr)
        .startsWith("deeplake: import ran out of memory (Java heap space; heap limit ")
        .contains("DEEPLAKE_JAVA_OPTS=-Xmx")
        .doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
    assertThat(Files.readString(out)).isEmpty();
    assertThat(ds).as("import reads every row before creating the dataset").doesNotExist();
  }

  @Test
  void errorsThatNoHandlerReportsAreDescribedOnOneLine() {
    assertThat(DeepLakeCli.describeFailure("merge", new StackOverflowError(), false))
        .startsWith("merge ran out of stack (")
        .contains("-Xss")
        .doesNotContain("\n");
    assertThat(
            DeepLakeCli.describeFailure(
                "query", new OutOfMemoryError("Direct buffer memory"), false))
        .startsWith("query ran out of memory (Direct buffer memory)")
        .doesNotContain("-Xmx");
    assertThat(
            DeepLakeCli.describeFailure(
                "info", new NoClassDefFoundError("com/example/Gone\nsecond line"), false))
        .isEqualTo(
            "info failed: internal error: java.lang.NoClassDefFoundError: com/example/Gone second"
                + " line (rerun with --verbose for the stack trace)");
  }
}
