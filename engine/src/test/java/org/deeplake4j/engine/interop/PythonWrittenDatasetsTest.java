package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplake4j.engine.testing.ExpectedChecker;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real library: Python deeplake 3.9.52 writes datasets covering every htype, dtype
 * and compression, tiling, sequences, links, groups, padding, renames/deletes, commits, branches,
 * updates and pops; it records what it reads back at every version (expected.json); the Java engine
 * must read every version identically.
 */
class PythonWrittenDatasetsTest {
  @TempDir static Path out;

  @TestFactory
  List<DynamicNode> javaReadsWhatPythonWrote() throws IOException {
    PythonDeeplake.run(900, "write_interop_datasets.py", out.toString());
    List<Path> cases;
    try (Stream<Path> s = Files.list(out)) {
      cases = s.filter(p -> Files.exists(p.resolve("expected.json"))).sorted().toList();
    }
    assertThat(cases).as("datasets written by Python").hasSizeGreaterThanOrEqualTo(5);
    List<DynamicNode> tests = new ArrayList<>();
    for (Path c : cases) {
      tests.add(
          ExpectedChecker.tests(
              c.getFileName().toString(),
              c.resolve("dataset"),
              Fixtures.readJson(c.resolve("expected.json"))));
    }
    return tests;
  }
}
