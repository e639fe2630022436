package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deeplake query --save-view} and {@code deeplake views}. */
class ViewsCommandTest {
  @TempDir Path dir;

  private String dataset() {
    String p = dir.resolve("ds").toString();
    try (Dataset ds = Dataset.create(p)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      for (long i = 0; i < 10; i++) {
        ds.append(Map.of("x", i));
      }
      ds.commit("data");
    }
    return p;
  }

  private static String last(Cli.Result r) {
    List<String> l = r.outLines();
    return l.get(l.size() - 1);
  }

  @Test
  void saveListLoadDelete() {
    String p = dataset();
    Cli.Result q =
        Cli.run("query", p, "SELECT * WHERE x >= 7", "--save-view", "top", "--message", "top 3");
    assertThat(q.exitCode()).as("%s", q).isZero();
    assertThat(q.outLines().get(0)).startsWith("saved view top (3 rows, virtual, commit ");
    assertThat(last(q)).isEqualTo("[7,8,9]");
    Cli.Result o = Cli.run("query", p, "SELECT * WHERE x < 2", "--save-view", "low", "--optimize");
    assertThat(o.exitCode()).as("%s", o).isZero();
    assertThat(o.outLines().get(0)).contains("optimized");

    Cli.Result list = Cli.run("views", p);
    assertThat(list.exitCode()).as("%s", list).isZero();
    assertThat(list.outLines()).hasSize(3);
    assertThat(list.outLines().get(0)).startsWith("id").contains("kind", "commit", "message");
    assertThat(list.outLines().get(1)).startsWith("top").contains("virtual", "top 3");
    assertThat(list.outLines().get(2))
        .startsWith("low")
        .contains("optimized", "SELECT * WHERE x < 2");

    Cli.Result js = Cli.run("views", p, "--json");
    JsonNode e = Json.parseText(js.outLines().get(0), "stdout");
    assertThat(e.get("id").asText()).isEqualTo("top");
    assertThat(e.get("query").asText()).isEqualTo("SELECT * WHERE x >= 7");
    assertThat(e.get("virtual-datasource").asBoolean()).isTrue();

    assertThat(last(Cli.run("views", p, "--load", "top"))).isEqualTo("[7,8,9]");
    assertThat(last(Cli.run("views", p, "--load", "low"))).isEqualTo("[0,1]");

    Cli.Result del = Cli.run("views", p, "--delete", "top");
    assertThat(del.exitCode()).as("%s", del).isZero();
    assertThat(del.outLines()).containsExactly("deleted view top");
    assertThat(Cli.run("views", p).outLines()).hasSize(2);
    Cli.Result again = Cli.run("views", p, "--delete", "top");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("no view with id 'top'");
    Cli.Result missing = Cli.run("views", p, "--load", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no view with id 'nope'");
  }

  @Test
  void errors() {
    String p = dataset();
    Cli.Result dup1 = Cli.run("query", p, "SELECT *", "--save-view", "a");
    assertThat(dup1.exitCode()).as("%s", dup1).isZero();
    Cli.Result dup = Cli.run("query", p, "SELECT *", "--save-view", "a");
    assertThat(dup.exitCode()).isEqualTo(1);
    assertThat(dup.err()).contains("'a' already exists");
    Cli.Result usage = Cli.run("query", p, "SELECT *", "--message", "m");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("need --save-view");
    try (Dataset ds = Dataset.openWritable(p)) {
      ds.append(Map.of("x", 10L));
    }
    Cli.Result dirty = Cli.run("query", p, "SELECT *", "--save-view", "b");
    assertThat(dirty.exitCode()).isEqualTo(1);
    assertThat(dirty.err()).contains("uncommitted changes");
    assertThat(Cli.run("views", p).outLines()).hasSize(2);
  }
}
