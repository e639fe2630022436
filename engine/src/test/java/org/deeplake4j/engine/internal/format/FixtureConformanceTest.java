package org.deeplake4j.engine.internal.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.testing.ExpectedChecker;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Every dataset in ../shared/fixtures/deeplake-v3, at every version its expected.json lists,
 * compared sample by sample with what Python deeplake 3.9.52 read from it.
 */
class FixtureConformanceTest {
  @TestFactory
  List<DynamicNode> fixturesReadExactlyAsPythonReadsThem() {
    List<DynamicNode> out = new ArrayList<>();
    for (Path c : Fixtures.cases()) {
      out.add(
          ExpectedChecker.tests(
              c.getFileName().toString(),
              c.resolve("dataset"),
              Fixtures.readJson(c.resolve("expected.json"))));
    }
    return out;
  }
}
