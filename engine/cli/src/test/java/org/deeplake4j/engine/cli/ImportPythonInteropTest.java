package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.ExpectedChecker;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a history built only with {@code deeplake import}, {@code commit} and {@code branch}
 * (every value kind of {@link ImportCommandTest}, a branch from a commit id, uncommitted rows on
 * main) is read by Python deeplake 3.9.52 at every version exactly as Java reads it; Python then
 * appends and commits on top (verify_java_written.py), and Java reads Python's result as Python
 * reports it.
 */
class ImportPythonInteropTest {
  @TempDir static Path out;

  private static String ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertThat(r.exitCode()).as("%s", r).isZero();
    return r.out().strip();
  }

  @TestFactory
  List<DynamicNode> pythonReadsAnImportedHistory() throws IOException {
    Path caseDir = out.resolve("cli_import");
    String ds = caseDir.resolve("dataset").toString();
    Path schema = out.resolve("schema.json");
    Files.writeString(schema, ImportCommandTest.SCHEMA, StandardCharsets.UTF_8);
    Path rows = out.resolve("rows.jsonl");
    Files.write(rows, ImportCommandTest.rows(), StandardCharsets.UTF_8);
    Path more = out.resolve("more.jsonl");
    Files.write(
        more,
        List.of(
            "{\"i32\": [[9, 8, 7]], \"txt\": \"more\", \"lbl\": [\"owl\"], \"g/x\": [2.25]}",
            "{\"u8\": [5, 6], \"js\": {\"k\": \"v\"}, \"flag\": [false]}"),
        StandardCharsets.UTF_8);
    String[] base = {"--schema", schema.toString(), "--jsonl"};

    String c1 = ok(concat("import", ds, base, rows.toString(), "--commit", "imported"));
    ok(concat("import", ds, base, more.toString(), "--commit", "more on main"));
    assertThat(ok("branch", ds, "from_c1", "--from", c1)).isEqualTo(c1);
    ok(concat("import", ds + "@from_c1", base, more.toString(), "--commit", "more on from_c1"));
    ok(concat("import", ds, base, rows.toString())); // uncommitted on main
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.branches()).containsExactly("main", "from_c1");
      assertThat(d.length()).isEqualTo(8);
      assertThat(d.hasHeadChanges()).isTrue();
    }

    Files.write(
        caseDir.resolve("java_expected.json"),
        Json.MAPPER.writeValueAsBytes(Records.expectedDocument(ds)));
    String report = PythonDeeplake.run(900, "verify_java_written.py", out.toString());
    assertThat(report).contains("1 case(s): 1 passed, 0 failed");
    Path after = caseDir.resolve("python_after");
    assertThat(after.resolve("expected.json")).exists();
    return List.of(
        ExpectedChecker.tests(
            "cli_import after Python appended and committed",
            after.resolve("dataset"),
            Fixtures.readJson(after.resolve("expected.json"))));
  }

  private static String[] concat(
      String cmd, String ds, String[] middle, String file, String... tail) {
    String[] all = new String[2 + middle.length + 1 + tail.length];
    all[0] = cmd;
    all[1] = ds;
    System.arraycopy(middle, 0, all, 2, middle.length);
    all[2 + middle.length] = file;
    System.arraycopy(tail, 0, all, 3 + middle.length, tail.length);
    return all;
  }
}
