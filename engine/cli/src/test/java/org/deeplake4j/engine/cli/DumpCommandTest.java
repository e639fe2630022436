package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.JsonCompare;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code deeplake dump} of every reference fixture at every version its expected.json lists: each
 * line, without {@code tensor} and {@code index}, equals the sample record Python wrote.
 */
class DumpCommandTest {
  private static String dataset(String fixture) {
    return Fixtures.v3Fixtures().resolve(fixture).resolve("dataset").toString();
  }

  /** Dump lines grouped by tensor, in output order; checks contiguity and 0-based indices. */
  private static Map<String, List<String>> byTensor(Cli.Result r) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String current = null;
    for (String line : r.outLines()) {
      JsonNode n = Json.parseText(line, "dump line");
      String t = n.get("tensor").asText();
      if (!t.equals(current)) {
        assertThat(out).as("tensor %s appears in one contiguous run", t).doesNotContainKey(t);
        out.put(t, new ArrayList<>());
        current = t;
      }
      List<String> lines = out.get(t);
      assertThat(n.get("index").asLong()).as("index of line %s", line).isEqualTo(lines.size());
      lines.add(line);
    }
    return out;
  }

  private static List<String> expectedOrder(JsonNode version, boolean hidden) {
    List<String> out = new ArrayList<>();
    for (JsonNode k : version.get("tensor_order")) {
      String key = k.asText();
      if (version.get("tensors").has(key) || (hidden && version.path("hidden_tensors").has(key))) {
        out.add(key);
      }
    }
    return out;
  }

  @TestFactory
  List<DynamicNode> dumpOfEveryFixtureVersionEqualsExpectedSamples() {
    List<DynamicNode> cases = new ArrayList<>();
    for (Path c : Fixtures.cases()) {
      JsonNode expected = Fixtures.readJson(c.resolve("expected.json"));
      String ds = c.resolve("dataset").toString();
      List<DynamicNode> versions = new ArrayList<>();
      for (JsonNode v : expected.get("versions")) {
        versions.add(
            DynamicTest.dynamicTest(
                v.path("label").asText(v.get("ref").asText()), () -> checkVersion(ds, v)));
      }
      cases.add(DynamicContainer.dynamicContainer(c.getFileName().toString(), versions));
    }
    assertThat(cases).as("fixture cases").hasSizeGreaterThanOrEqualTo(9);
    return cases;
  }

  private static void checkVersion(String ds, JsonNode v) {
    String ref = v.get("ref").asText();
    Cli.Result all = Cli.run("dump", "--hidden", ds, "--ref", ref);
    assertThat(all.exitCode()).as("%s", all).isZero();
    assertThat(all.err()).isEmpty();
    Map<String, List<String>> got = byTensor(all);
    assertThat(new ArrayList<>(got.keySet()))
        .as("tensors dumped with --hidden, in dataset order")
        .isEqualTo(nonEmpty(expectedOrder(v, true), v));

    List<String> diffs = new ArrayList<>();
    for (String section : List.of("tensors", "hidden_tensors")) {
      JsonNode ts = v.path(section);
      ts.fieldNames()
          .forEachRemaining(
              name -> {
                JsonNode exp = ts.get(name);
                JsonNode samples = exp.get("samples");
                List<String> lines = got.getOrDefault(name, List.of());
                assertThat(lines).as("%s: lines of %s", ref, name).hasSize(samples.size());
                boolean jpeg = "jpeg".equals(exp.path("sample_compression").asText());
                for (int i = 0; i < samples.size() && diffs.size() < 10; i++) {
                  ObjectNode actual = (ObjectNode) Json.parseText(lines.get(i), "dump line");
                  actual.remove("tensor");
                  actual.remove("index");
                  List<String> d =
                      jpeg
                          ? JsonCompare.diff(
                              samples.get(i), actual, Set.of("sha256", "first_values"), 0.02)
                          : JsonCompare.diff(samples.get(i), actual);
                  for (String x : d) {
                    diffs.add(ref + " " + name + "[" + i + "] " + x);
                  }
                }
              });
    }
    assertThat(diffs).as("differences from expected.json").isEmpty();

    // Without --hidden: exactly the visible tensors, lines identical to the --hidden dump.
    Cli.Result visible = Cli.run("dump", ds + "@" + ref);
    assertThat(visible.exitCode()).as("%s", visible).isZero();
    Map<String, List<String>> vis = byTensor(visible);
    assertThat(new ArrayList<>(vis.keySet()))
        .as("visible tensors dumped by default")
        .isEqualTo(nonEmpty(expectedOrder(v, false), v));
    vis.forEach((t, lines) -> assertThat(lines).as("visible %s", t).isEqualTo(got.get(t)));
  }

  /** Tensors without samples print no lines, so they do not appear in the grouped output. */
  private static List<String> nonEmpty(List<String> names, JsonNode v) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      JsonNode t =
          v.get("tensors").has(n) ? v.get("tensors").get(n) : v.get("hidden_tensors").get(n);
      if (t.get("samples").size() > 0) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void float32PrintsAsTheExactDoubleAndUint64Unsigned() {
    Cli.Result r =
        Cli.run("dump", dataset("numeric_fixed"), "--tensor", "f32", "--tensor", "_f32_id");
    assertThat(r.exitCode()).as("%s", r).isZero();
    List<String> lines = r.outLines();
    assertThat(lines.get(0))
        .startsWith("{\"tensor\":\"f32\",\"index\":0,\"value\":[[381.5035095214844,");
    float f = Float.parseFloat("381.5035095214844");
    assertThat((double) f).isEqualTo(381.5035095214844);
    String firstId =
        lines.stream().filter(l -> l.contains("\"_f32_id\"")).findFirst().orElseThrow();
    assertThat(firstId)
        .isEqualTo(
            "{\"tensor\":\"_f32_id\",\"index\":0,\"value\":[11227886490215147437],\"shape\":[1]}");
    assertThat(new BigInteger("11227886490215147437"))
        .isGreaterThan(BigInteger.valueOf(Long.MAX_VALUE));
  }

  @Test
  void tensorOptionSelectsInTheGivenOrder() {
    String ds = dataset("version_control");
    Cli.Result r = Cli.run("dump", ds, "--tensor", "note", "--tensor", "num");
    assertThat(r.exitCode()).as("%s", r).isZero();
    Map<String, List<String>> got = byTensor(r);
    assertThat(got.keySet()).containsExactly("note", "num");
    assertThat(got.get("note")).hasSize(11);
    assertThat(got.get("num")).hasSize(11);
    assertThat(got.get("note").get(0)).startsWith("{\"tensor\":\"note\",\"index\":0,\"value\":\"");
  }

  @Test
  void refSelectsTheVersion() {
    String ds = dataset("version_control");
    Cli.Result alt = Cli.run("dump", ds, "--ref", "alt", "--tensor", "alt_extra");
    assertThat(alt.exitCode()).as("%s", alt).isZero();
    assertThat(alt.outLines()).hasSize(3);
    Cli.Result first =
        Cli.run("dump", ds + "@firstdbf9474d461a19e9333c2fd19b46115348f", "--tensor", "num");
    assertThat(first.exitCode()).as("%s", first).isZero();
    assertThat(first.outLines()).hasSize(10);
  }
}
