package org.deeplake4j.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.records.Records;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Checks a dataset against an {@code expected.json} written by Python deeplake 3.9.52 (the
 * fixtures' format): branches, commit graph, and for every listed version its identity, lengths,
 * groups, info, tensor order and every tensor's metadata and samples, value by value.
 */
public final class ExpectedChecker {
  private static final Set<String> VERSION_META =
      Set.of(
          "branch",
          "node_id",
          "last_commit_id",
          "has_head_changes",
          "length",
          "max_len",
          "groups",
          "dataset_info",
          "tensor_order",
          "visible_tensors");

  private ExpectedChecker() {}

  /** Dynamic tests for one dataset: one container per version, one test per tensor. */
  public static DynamicContainer tests(String name, Path datasetDir, JsonNode expected) {
    List<DynamicNode> nodes = new ArrayList<>();
    nodes.add(
        DynamicTest.dynamicTest(
            "branches and commit graph",
            () -> {
              try (Dataset ds = Dataset.open(datasetDir.toString())) {
                assertThat(ds.branches())
                    .containsExactlyInAnyOrderElementsOf(strings(expected.get("branches")));
                assertNoDiff("commit_graph", expected.get("commit_graph"), Records.commitGraph(ds));
              }
            }));
    for (JsonNode v : expected.get("versions")) {
      String ref = v.get("ref").asText();
      String label = v.path("label").asText(ref);
      List<DynamicNode> inner = new ArrayList<>();
      inner.add(
          DynamicTest.dynamicTest(
              "version metadata",
              () -> {
                try (Dataset ds = Dataset.open(datasetDir.toString(), ref)) {
                  ObjectNode actual = Records.version(ds, false);
                  ObjectNode exp = JsonNodeFactory.instance.objectNode();
                  ObjectNode act = JsonNodeFactory.instance.objectNode();
                  for (String f : VERSION_META) {
                    exp.set(f, v.get(f));
                    act.set(f, actual.get(f));
                  }
                  sortArray(exp, "visible_tensors");
                  sortArray(act, "visible_tensors");
                  assertNoDiff(label, exp, act);
                }
              }));
      for (String section : List.of("tensors", "hidden_tensors")) {
        JsonNode ts = v.get(section);
        if (ts == null) {
          continue;
        }
        ts.fieldNames()
            .forEachRemaining(
                tn ->
                    inner.add(
                        DynamicTest.dynamicTest(
                            section + " " + tn,
                            () -> checkTensor(datasetDir, ref, label, tn, ts.get(tn)))));
      }
      nodes.add(DynamicContainer.dynamicContainer(label, inner));
    }
    return DynamicContainer.dynamicContainer(name, nodes);
  }

  private static void checkTensor(Path dir, String ref, String label, String tn, JsonNode exp) {
    try (Dataset ds = Dataset.open(dir.toString(), ref)) {
      Tensor t = ds.tensor(tn);
      ObjectNode meta = t.describe();
      ObjectNode expMeta = ((ObjectNode) exp).deepCopy();
      expMeta.remove("samples");
      assertNoDiff(label + " " + tn + " meta", expMeta, meta);
      JsonNode samples = exp.get("samples");
      assertThat(t.length()).as("%s %s length", label, tn).isEqualTo(samples.size());
      boolean jpeg = "jpeg".equals(t.meta().sampleCompression());
      List<String> all = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        ObjectNode actual = Records.sample(t, i);
        List<String> d =
            jpeg
                ? JsonCompare.diff(samples.get(i), actual, Set.of("sha256", "first_values"), 0.02)
                : JsonCompare.diff(samples.get(i), actual);
        for (String s : d) {
          all.add(label + " " + tn + "[" + i + "] " + s);
        }
        if (all.size() > 10) {
          break;
        }
      }
      assertThat(all).as("sample differences").isEmpty();
    }
  }

  private static void sortArray(ObjectNode o, String f) {
    JsonNode a = o.get(f);
    if (a != null && a.isArray()) {
      List<String> s = new ArrayList<>(strings(a));
      s.sort(null);
      ArrayNode n = o.putArray(f);
      s.forEach(n::add);
    }
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static void assertNoDiff(String what, JsonNode expected, JsonNode actual) {
    assertThat(JsonCompare.diff(expected, actual)).as(what).isEmpty();
  }
}
