package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.JsonCompare;
import org.junit.jupiter.api.Test;

/** {@code deeplake query}: indices, rows in dump's layout, refs and errors. */
class QueryCommandTest {
  private static String dataset(String fixture) {
    return Fixtures.v3Fixtures().resolve(fixture).resolve("dataset").toString();
  }

  private static JsonNode expected(String fixture) {
    return Fixtures.readJson(Fixtures.v3Fixtures().resolve(fixture).resolve("expected.json"));
  }

  private static List<Long> labelsRows(JsonNode version, long label) {
    List<Long> out = new ArrayList<>();
    JsonNode samples = version.get("tensors").get("labels").get("samples");
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).get("value").get(0).asLong() == label) {
        out.add((long) i);
      }
    }
    return out;
  }

  @Test
  void printsTheResultIndicesAsOneJsonArrayOnTheLastLine() {
    Cli.Result r =
        Cli.run("query", dataset("labels_bbox_embedding"), "SELECT * WHERE labels == 'dog'");
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).isEmpty();
    List<String> lines = r.outLines();
    JsonNode arr = Json.parseText(lines.get(lines.size() - 1), "stdout");
    List<Long> got = new ArrayList<>();
    arr.forEach(n -> got.add(n.asLong()));
    assertThat(got)
        .isEqualTo(labelsRows(expected("labels_bbox_embedding").get("versions").get(0), 1));

    Cli.Result ordered =
        Cli.run("query", dataset("numeric_fixed"), "select * order by scalar_u8 desc limit 3");
    assertThat(ordered.exitCode()).isZero();
    JsonNode samples =
        expected("numeric_fixed")
            .get("versions")
            .get(0)
            .get("tensors")
            .get("scalar_u8")
            .get("samples");
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      rows.add(i);
    }
    rows.sort(
        (a, b) -> {
          int c =
              Long.compare(
                  samples.get(b).get("value").get(0).asLong(),
                  samples.get(a).get("value").get(0).asLong());
          return c != 0 ? c : Integer.compare(a, b);
        });
    assertThat(ordered.outLines().get(ordered.outLines().size() - 1))
        .isEqualTo("[" + rows.get(0) + "," + rows.get(1) + "," + rows.get(2) + "]");
    Cli.Result none = Cli.run("query", dataset("numeric_fixed"), "SELECT * WHERE scalar_u8 > 1000");
    assertThat(none.outLines()).containsExactly("[]");
  }

  @Test
  void rowsPrintsResultRowsInTheDumpLayout() {
    Cli.Result r =
        Cli.run(
            "query",
            dataset("labels_bbox_embedding"),
            "SELECT * WHERE labels == 'bird' ORDER BY labels LIMIT 3",
            "--rows");
    assertThat(r.exitCode()).as("%s", r).isZero();
    JsonNode version = expected("labels_bbox_embedding").get("versions").get(0);
    List<Long> birds = labelsRows(version, 2).subList(0, 3);
    List<String> order = new ArrayList<>();
    for (JsonNode t : version.get("tensor_order")) {
      if (version.get("tensors").has(t.asText())) {
        order.add(t.asText());
      }
    }
    List<String> lines = r.outLines();
    assertThat(lines).hasSize(3 * order.size());
    int k = 0;
    for (long row : birds) {
      for (String tensor : order) {
        ObjectNode line = (ObjectNode) Json.parseText(lines.get(k++), "line");
        assertThat(line.get("tensor").asText()).isEqualTo(tensor);
        assertThat(line.get("index").asLong()).isEqualTo(row);
        line.remove("tensor");
        line.remove("index");
        JsonNode exp = version.get("tensors").get(tensor).get("samples").get((int) row);
        assertThat(JsonCompare.diff(exp, line)).as("%s[%d]", tensor, row).isEmpty();
      }
    }
    Cli.Result one =
        Cli.run(
            "query",
            dataset("labels_bbox_embedding"),
            "SELECT * LIMIT 2",
            "--rows",
            "--tensor",
            "emb");
    assertThat(one.outLines()).hasSize(2).allMatch(l -> l.startsWith("{\"tensor\":\"emb\""));
  }

  @Test
  void readsTheGivenRef() {
    JsonNode e = expected("version_control");
    for (JsonNode v : e.get("versions")) {
      String ref = v.get("ref").asText();
      Cli.Result r =
          Cli.run(
              "query", dataset("version_control"), "SELECT * WHERE label == 'pos'", "--ref", ref);
      assertThat(r.exitCode()).as("%s", r).isZero();
      JsonNode samples = v.get("tensors").get("label").get("samples");
      StringBuilder exp = new StringBuilder("[");
      // A dataset has as many rows as its shortest tensor (Python's len(ds)).
      for (int i = 0; i < v.get("length").asInt(); i++) {
        if (samples.get(i).get("value").get(0).asLong() == 1) {
          exp.append(exp.length() > 1 ? "," : "").append(i);
        }
      }
      assertThat(r.outLines().get(r.outLines().size() - 1))
          .as(ref)
          .isEqualTo(exp.append(']').toString());
    }
  }

  @Test
  void syntaxErrorsAreUsageErrorsAndSemanticErrorsRuntimeErrors() {
    Cli.Result syntax = Cli.run("query", dataset("numeric_fixed"), "SELECT * WHERE x >");
    assertThat(syntax.exitCode()).isEqualTo(2);
    assertThat(syntax.out()).isEmpty();
    assertThat(syntax.errLines())
        .containsExactly(
            "deeplake: TQL syntax error at line 1, column 19: expected an expression but found end"
                + " of input (see 'deeplake query --help' for usage)");
    Cli.Result semantic = Cli.run("query", dataset("numeric_fixed"), "SELECT * WHERE nope > 1");
    assertThat(semantic.exitCode()).isEqualTo(1);
    assertThat(semantic.out()).isEmpty();
    assertThat(semantic.errLines()).hasSize(1);
    assertThat(semantic.err())
        .startsWith("deeplake: unknown tensor 'nope'")
        .doesNotContain("\tat ");
    Cli.Result missing = Cli.run("query", dataset("numeric_fixed"));
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("TQL");
  }

  @Test
  void printsProjectedAndGroupedRowsBeforeTheIndices() {
    JsonNode version = expected("labels_bbox_embedding").get("versions").get(0);
    Cli.Result p =
        Cli.run(
            "query",
            dataset("labels_bbox_embedding"),
            "SELECT labels, SHAPE(boxes) AS s WHERE labels == 'dog'");
    assertThat(p.exitCode()).as("%s", p).isZero();
    List<Long> dogs = labelsRows(version, 1);
    List<String> plines = p.outLines();
    assertThat(plines).hasSize(dogs.size() + 1);
    for (int i = 0; i < dogs.size(); i++) {
      JsonNode o = Json.parseText(plines.get(i), "stdout");
      int row = dogs.get(i).intValue();
      assertThat(o.get("index").asLong()).isEqualTo(row);
      assertThat(o.get("s"))
          .isEqualTo(version.get("tensors").get("boxes").get("samples").get(row).get("shape"));
    }
    Cli.Result ok =
        Cli.run(
            "query",
            dataset("labels_bbox_embedding"),
            "SELECT labels, COUNT() AS n GROUP BY labels ORDER BY labels");
    List<String> out = ok.outLines();
    assertThat(out).hasSize(6);
    for (int label = 0; label < 5; label++) {
      JsonNode o = Json.parseText(out.get(label), "stdout");
      List<Long> members = labelsRows(version, label);
      assertThat(o.get("labels").get(0).asLong()).isEqualTo(label);
      assertThat(o.get("n").asLong()).isEqualTo(members.size());
      assertThat(o.get("index").asLong()).isEqualTo(members.get(0));
      List<Long> group = new ArrayList<>();
      o.get("group").forEach(n -> group.add(n.asLong()));
      assertThat(group).isEqualTo(members);
    }
    JsonNode last = Json.parseText(out.get(5), "stdout");
    assertThat(last.isArray()).isTrue();
    assertThat(last.size()).isEqualTo(5);
  }

  @Test
  void seedMakesSampleByReproducible() {
    String q = "SELECT * SAMPLE BY MAX_WEIGHT(labels == 0: 10, labels == 1: 2) LIMIT 20";
    Cli.Result a = Cli.run("query", dataset("labels_bbox_embedding"), q, "--seed", "42");
    Cli.Result b = Cli.run("query", dataset("labels_bbox_embedding"), q, "--seed", "42");
    assertThat(a.exitCode()).as("%s", a).isZero();
    assertThat(a.outLines()).isEqualTo(b.outLines());
    JsonNode rows = Json.parseText(a.outLines().get(a.outLines().size() - 1), "stdout");
    assertThat(rows.size()).isEqualTo(20);
    List<Long> allowed = new ArrayList<>();
    JsonNode version = expected("labels_bbox_embedding").get("versions").get(0);
    allowed.addAll(labelsRows(version, 0));
    allowed.addAll(labelsRows(version, 1));
    rows.forEach(n -> assertThat(allowed).contains(n.asLong()));
  }
}
