package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.JsonCompare;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code deeplake info}: the JSON form against expected.json, and the text form. */
class InfoCommandTest {
  private static final List<String> VERSION_FIELDS =
      List.of(
          "branch",
          "node_id",
          "last_commit_id",
          "has_head_changes",
          "length",
          "max_len",
          "groups",
          "dataset_info",
          "tensor_order",
          "visible_tensors",
          "ref",
          "ref_type");

  private static final String VC =
      Fixtures.v3Fixtures().resolve("version_control/dataset").toString();

  @TestFactory
  List<DynamicNode> infoJsonMatchesExpectedVersionMetadata() {
    List<DynamicNode> out = new ArrayList<>();
    for (Path c : Fixtures.cases()) {
      JsonNode expected = Fixtures.readJson(c.resolve("expected.json"));
      for (JsonNode v : expected.get("versions")) {
        String name = c.getFileName() + " " + v.path("label").asText(v.get("ref").asText());
        out.add(
            DynamicTest.dynamicTest(
                name, () -> checkVersion(c.resolve("dataset").toString(), expected, v)));
      }
    }
    return out;
  }

  private static void checkVersion(String ds, JsonNode expected, JsonNode v) {
    Cli.Result r = Cli.run("info", "--json", "--hidden", ds, "--ref", v.get("ref").asText());
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.outLines()).as("one JSON object on one line").hasSize(1);
    JsonNode actual = Json.parseText(r.out(), "info --json");

    ObjectNode exp = JsonNodeFactory.instance.objectNode();
    ObjectNode act = JsonNodeFactory.instance.objectNode();
    for (String f : VERSION_FIELDS) {
      exp.set(f, v.get(f));
      act.set(f, actual.get(f));
    }
    sort(exp, "visible_tensors");
    sort(act, "visible_tensors");
    assertThat(JsonCompare.diff(exp, act)).as("version fields").isEmpty();

    for (String section : List.of("tensors", "hidden_tensors")) {
      ObjectNode want = v.get(section).deepCopy();
      want.fieldNames().forEachRemaining(t -> ((ObjectNode) want.get(t)).remove("samples"));
      assertThat(JsonCompare.diff(want, actual.get(section))).as(section).isEmpty();
    }
    assertThat(JsonCompare.diff(expected.get("commit_graph"), actual.get("commit_graph")))
        .as("commit_graph")
        .isEmpty();
    List<String> branches = new ArrayList<>();
    actual.get("branches").forEach(b -> branches.add(b.asText()));
    List<String> expBranches = new ArrayList<>();
    expected.get("branches").forEach(b -> expBranches.add(b.asText()));
    assertThat(branches).containsExactlyInAnyOrderElementsOf(expBranches);
    assertThat(actual.get("path").asText()).isEqualTo(ds);
  }

  private static void sort(ObjectNode o, String field) {
    List<String> s = new ArrayList<>();
    o.get(field).forEach(x -> s.add(x.asText()));
    s.sort(null);
    ArrayNode a = o.putArray(field);
    s.forEach(a::add);
  }

  @Test
  void jsonWithoutHiddenOmitsHiddenTensors() {
    Cli.Result r = Cli.run("info", "--json", VC + "@alt");
    assertThat(r.exitCode()).as("%s", r).isZero();
    JsonNode n = Json.parseText(r.out(), "info --json");
    assertThat(n.has("hidden_tensors")).isFalse();
    assertThat(n.get("ref").asText()).isEqualTo("alt");
    assertThat(n.get("ref_type").asText()).isEqualTo("branch");
    assertThat(n.get("node_id").asText()).isEqualTo("e36c36844acde360b849d5a2b8ecb282a7b2abd7");
    List<String> tensors = new ArrayList<>();
    n.get("tensors").fieldNames().forEachRemaining(tensors::add);
    assertThat(tensors).containsExactly("num", "label", "note", "alt_extra");
  }

  @Test
  void textShowsVersionAndTensorTable() {
    Cli.Result r = Cli.run("info", VC);
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.outLines();
    assertThat(lines)
        .contains(
            "path:              " + VC,
            "ref:               main (branch)",
            "branch:            main",
            "node id:           ca98874007d457b961970c48be615640182a2485 (HEAD)",
            "last commit id:    17304953cdfb0b1cccb544574bc14ca24f27afa0",
            "has head changes:  true",
            "length:            11",
            "max_len:           11",
            "branches:          main, alt");
    int header = lines.indexOf("");
    assertThat(lines.get(header + 1))
        .isEqualTo(
            "tensor  htype        dtype   length  min shape  max shape  sample compression"
                + "  chunk compression  chunks");
    assertThat(lines.subList(header + 2, lines.size()))
        .hasSize(3)
        .allSatisfy(l -> assertThat(l).doesNotStartWith("_"));
    assertThat(lines.get(header + 3))
        .matches("label\\s+class_label\\s+uint32\\s+11\\s+\\[1\\]\\s+\\[1\\]\\s+None\\s+None\\s+2");
  }

  @Test
  void textAtACommitWithHiddenTensors() {
    Cli.Result r =
        Cli.run("info", "--hidden", VC, "--ref", "17304953cdfb0b1cccb544574bc14ca24f27afa0");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.outLines())
        .contains(
            "ref:               17304953cdfb0b1cccb544574bc14ca24f27afa0 (commit)",
            "node id:           17304953cdfb0b1cccb544574bc14ca24f27afa0",
            "has head changes:  false",
            "length:            10");
    assertThat(r.out()).containsPattern("(?m)^_num_id\\s+generic\\s+uint64\\s+10\\s.*\\syes$");
    assertThat(r.out()).containsPattern("(?m)^num\\s+generic\\s+int32\\s+10\\s.*\\sno$");
  }
}
