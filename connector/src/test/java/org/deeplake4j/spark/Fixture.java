package org.deeplake4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.deeplake4j.engine.testing.Fixtures;

/** A reference dataset of ../shared/fixtures/deeplake-v3 and its expected.json. */
record Fixture(String name, Path dataset, JsonNode expected) {
  static Fixture of(String name) {
    Path c = Fixtures.v3Fixtures().resolve(name);
    return new Fixture(name, c.resolve("dataset"), Fixtures.readJson(c.resolve("expected.json")));
  }

  String path() {
    return dataset.toString();
  }
}
