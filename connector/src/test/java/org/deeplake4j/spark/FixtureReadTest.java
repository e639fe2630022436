package org.deeplake4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference dataset at every version its expected.json lists, read through Spark and compared
 * value by value with what Python deeplake 3.9.52 read (see {@link SparkExpectedChecker} for how
 * each column kind is compared).
 */
class FixtureReadTest {
  @TestFactory
  List<DynamicNode> everyFixtureAtEveryVersion() {
    List<DynamicNode> out = new ArrayList<>();
    for (var c : Fixtures.cases()) {
      Fixture f = Fixture.of(c.getFileName().toString());
      List<DynamicNode> versions = new ArrayList<>();
      for (JsonNode v : f.expected().get("versions")) {
        versions.add(
            DynamicTest.dynamicTest(
                v.get("label").asText(),
                () -> SparkExpectedChecker.checkVersion(f.path(), f.name(), v)));
      }
      out.add(DynamicContainer.dynamicContainer(f.name(), versions));
    }
    return out;
  }
}
