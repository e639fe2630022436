package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line error messages of {@code deeplake}. */
class CliErrorsTest {
  private static final String VC =
      Fixtures.v3Fixtures().resolve("version_control/dataset").toString();

  /** Exit 1, nothing on stdout, exactly one {@code deeplake: } line on stderr, no stack trace. */
  private static String runtimeError(Cli.Result r) {
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.errLines()).as("%s", r).hasSize(1);
    assertThat(r.err())
        .startsWith("deeplake: ")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    return r.err();
  }

  private static String usageError(Cli.Result r) {
    assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.errLines()).as("%s", r).hasSize(1);
    assertThat(r.err()).startsWith("deeplake: ").doesNotContain("\tat ");
    return r.err();
  }

  @Test
  void nonExistentPath(@TempDir Path tmp) {
    String missing = tmp.resolve("no-such-dataset").toString();
    for (String cmd : new String[] {"info", "dump", "summary", "log", "branches"}) {
      Cli.Result r = Cli.run(cmd, missing);
      assertThat(runtimeError(r)).as(cmd).contains(missing).contains("dataset_meta.json");
      assertThat(r.out()).as(cmd).isEmpty();
    }
  }

  @Test
  void unknownRef() {
    String err = runtimeError(Cli.run("info", VC, "--ref", "nope"));
    assertThat(err).contains("'nope'").contains("main, alt");
    assertThat(runtimeError(Cli.run("dump", VC + "@0123456789abcdef")))
        .contains("0123456789abcdef");
  }

  @Test
  void unknownTensorFailsBeforeAnyOutput() {
    Cli.Result r = Cli.run("dump", VC, "--tensor", "num", "--tensor", "nosuch");
    assertThat(runtimeError(r)).contains("'nosuch'").contains("num, label, note");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void truncatedChunkIsReportedAsCorrupt(@TempDir Path tmp) throws IOException {
    Path ds = tmp.resolve("ds");
    Fixtures.copyTree(Fixtures.v3Fixtures().resolve("numeric_fixed/dataset"), ds);
    Path chunk;
    try (Stream<Path> s = Files.list(ds.resolve("f32/chunks"))) {
      chunk = s.sorted().findFirst().orElseThrow();
    }
    chunk.toFile().setWritable(true);
    long size = Files.size(chunk);
    try (FileChannel ch = FileChannel.open(chunk, StandardOpenOption.WRITE)) {
      ch.truncate(size / 2);
    }
    String key = "f32/chunks/" + chunk.getFileName();

    Cli.Result r = Cli.run("dump", ds.toString(), "--tensor", "f32");
    assertThat(runtimeError(r)).contains(key);

    Cli.Result verbose = Cli.run("dump", ds.toString(), "--tensor", "f32", "--verbose");
    assertThat(verbose.exitCode()).isEqualTo(1);
    assertThat(verbose.errLines().get(0)).startsWith("deeplake: ").contains(key);
    assertThat(verbose.err())
        .contains(CorruptDataException.class.getName())
        .contains("\tat org.deeplake4j.engine.");
    // --verbose works before the subcommand too.
    Cli.Result before = Cli.run("--verbose", "dump", ds.toString(), "--tensor", "f32");
    assertThat(before.err()).contains("\tat org.deeplake4j.engine.");
  }

  @Test
  void corruptMetadata(@TempDir Path tmp) throws IOException {
    Path ds = tmp.resolve("ds");
    Fixtures.copyTree(Fixtures.v3Fixtures().resolve("groups/dataset"), ds);
    Path meta = ds.resolve("dataset_meta.json");
    meta.toFile().setWritable(true);
    Files.writeString(meta, "{\"tensors\": [\"x\"");
    assertThat(runtimeError(Cli.run("info", ds.toString())))
        .contains("dataset_meta.json")
        .contains("malformed JSON");
  }

  @Test
  void usageErrors() {
    assertThat(usageError(Cli.run())).contains("missing command");
    assertThat(usageError(Cli.run("info"))).contains("PATH").contains("deeplake info --help");
    assertThat(usageError(Cli.run("frobnicate", VC))).contains("frobnicate");
    assertThat(usageError(Cli.run("dump", VC, "--bogus"))).contains("--bogus");
    assertThat(usageError(Cli.run("dump", VC, "--tensor"))).contains("--tensor");
    assertThat(usageError(Cli.run("info", VC + "@alt", "--ref", "main")))
        .contains("--ref main")
        .contains("'alt'");
  }

  @Test
  void helpAndVersionExitZero() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("Usage: deeplake").contains("dump").contains("branches");
    Cli.Result sub = Cli.run("dump", "--help");
    assertThat(sub.exitCode()).isZero();
    assertThat(sub.out()).contains("--tensor=KEY").contains("--hidden").contains("--ref=REF");
    Cli.Result version = Cli.run("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("deeplake4j ");
  }

  @Test
  void messagesAreOneLineAndCredentialsMasked() {
    assertThat(DeepLakeCli.oneLine("a\n  at b\r\nc")).isEqualTo("a at b c");
    assertThat(DeepLakeCli.redact("s3://AKIAX:s3cr3t@bucket/ds has no dataset_meta.json"))
        .isEqualTo("s3://***@bucket/ds has no dataset_meta.json");
    assertThat(DeepLakeCli.redact("abfs://container@account.dfs.core.windows.net/ds"))
        .isEqualTo("abfs://container@account.dfs.core.windows.net/ds");
    assertThat(DeepLakeCli.redact("https://h/ds?sv=1&sig=abc%2F&se=2"))
        .isEqualTo("https://h/ds?sv=1&sig=***&se=2");
    assertThat(DeepLakeCli.describe(new IllegalStateException("boom\nsecond"), false))
        .isEqualTo(
            "internal error: java.lang.IllegalStateException: boom second"
                + " (rerun with --verbose for the stack trace)");
  }
}
