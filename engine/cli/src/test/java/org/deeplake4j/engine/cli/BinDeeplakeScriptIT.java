package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/deeplake} script as a subprocess. Run by maven-failsafe-plugin in the
 * {@code integration-test} phase, after {@code package} wrote the CLI module's jar and
 * target/runtime-classpath.txt that the script needs.
 */
class BinDeeplakeScriptIT {
  private static final String VC =
      Fixtures.v3Fixtures().resolve("version_control/dataset").toString();

  private static Path repoRoot;
  private static Path script;

  @BeforeAll
  static void locate() {
    Path cli = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    repoRoot = cli.getParent().getParent();
    script = repoRoot.resolve("bin/deeplake");
    assertThat(script).as("the launcher script").isRegularFile().isExecutable();
    assertThat(cli.resolve("target/deeplake4j-cli.jar"))
        .as("the CLI jar: run this test through `mvn verify`, after `package`")
        .isRegularFile();
    assertThat(cli.resolve("target/runtime-classpath.txt"))
        .as("the class path file written at `package`")
        .isRegularFile();
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Path script, Path cwd, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(script.toString());
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("deeplake-it", ".out");
    Path err = Files.createTempFile("deeplake-it", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      String javaHome = System.getProperty("java.home");
      pb.environment().put("JAVA_HOME", javaHome);
      pb.environment().put("PATH", javaHome + "/bin" + File.pathSeparator + System.getenv("PATH"));
      Process p = pb.start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished in time", cmd).isTrue();
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void infoJsonFromAnotherDirectory(@TempDir Path cwd) throws Exception {
    Run r = run(script, cwd, "info", "--json", VC + "@alt");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).isEmpty();
    JsonNode n = Json.parseText(r.out(), "info --json");
    assertThat(n.get("node_id").asText()).isEqualTo("e36c36844acde360b849d5a2b8ecb282a7b2abd7");
    assertThat(n.get("length").asLong()).isEqualTo(3);
  }

  @Test
  void dumpThroughASymlinkedScript(@TempDir Path tmp) throws Exception {
    Path link = tmp.resolve("deeplake");
    Files.createSymbolicLink(link, script);
    Run r;
    try {
      r = run(link, tmp, "dump", VC, "--ref", "17304953cdfb0b1cccb544574bc14ca24f27afa0");
    } finally {
      Files.delete(link); // @TempDir cleanup warns about links pointing outside
    }
    assertThat(r.exitCode()).as(r.toString()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(30); // num, label, note: 10 rows each at commit 2
    assertThat(lines.get(0)).startsWith("{\"tensor\":\"num\",\"index\":0,");
  }

  @Test
  void errorsExitWithOneLine(@TempDir Path cwd) throws Exception {
    Run missing = run(script, cwd, "info", cwd.resolve("nothing-here").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("deeplake: ")
        .contains("nothing-here");
    Run usage = run(script, cwd, "dump");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).startsWith("deeplake: ").contains("PATH");
  }

  @Test
  void missingBuildTellsHowToBuild(@TempDir Path tmp) throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("checkout/bin"));
    Path copy = Files.copy(script, bin.resolve("deeplake"), StandardCopyOption.COPY_ATTRIBUTES);
    Run r = run(copy, tmp, "info", VC);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .contains("mvn -B -DskipTests package")
        .contains("deeplake4j-cli.jar");
  }
}
