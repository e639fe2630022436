package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.JsonCompare;
import org.deeplake4j.spark.SparkTypes.Kind;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * Checks a dataset version read through {@code spark.read.format("deeplake")} (row reader, and the
 * columnar reader for the columns it serves) against a version entry of an expected.json (the
 * reference fixtures' layout, see ../shared/fixtures/deeplake-v3/README.md), value by value.
 *
 * <p>Comparison per column kind: numbers and nested arrays exactly (float32 as its exact double);
 * empty samples (a 0 in the shape) must be null; text exactly; JSON and non-string list elements as
 * parsed JSON; class_label as indices and, with classLabels=name, as the record's {@code text};
 * images as the SHA-256 of the stored compressed bytes ({@code compressed_sha256}), since the
 * column holds the PNG/JPEG file and the record the decoded pixels.
 */
final class SparkExpectedChecker {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SparkExpectedChecker() {}

  /** Storage options (credentials, endpoints) added to every read of the current check. */
  private static final ThreadLocal<Map<String, String>> STORAGE = ThreadLocal.withInitial(Map::of);

  private static Map<String, String> with(Map<String, String> o) {
    Map<String, String> m = new LinkedHashMap<>(STORAGE.get());
    m.putAll(o);
    return m;
  }

  /** {@link #checkVersion(String, String, JsonNode)} with storage options on every read. */
  static void checkVersion(String path, String name, JsonNode v, Map<String, String> storage) {
    STORAGE.set(Map.copyOf(storage));
    try {
      checkVersion(path, name, v);
    } finally {
      STORAGE.remove();
    }
  }

  private static Dataset<Row> read(String path, String ref, Map<String, String> extra) {
    var r =
        SharedSpark.get()
            .read()
            .format("deeplake")
            .option("ref", ref)
            .option("partitionBytes", "1"); // one partition per chunk: exercises the cuts
    STORAGE.get().forEach(r::option);
    extra.forEach(r::option);
    return r.load(path);
  }

  /**
   * Checks version entry {@code v} (its ref, lengths, tensors and samples) of the dataset at {@code
   * path}.
   */
  static void checkVersion(String path, String name, JsonNode v) {
    SparkSession spark = SharedSpark.get();
    String ref = v.get("ref").asText();
    assertThat(read(path, ref, Map.of()).count()).as("len(ds)").isEqualTo(v.get("length").asLong());

    Dataset<Row> df =
        read(path, ref, Map.of("includeHidden", "true", "padTensors", "true"))
            .selectExpr("*", "_index", "_ref");
    List<Row> rows = sorted(df.collectAsList());
    assertThat(rows).as("rows with padTensors").hasSize(v.get("max_len").asInt());
    assertThat(rows)
        .allSatisfy(
            r -> assertThat(r.getAs("_ref").toString()).isEqualTo(v.get("node_id").asText()));

    Map<String, TensorColumn> columns;
    try (var ds =
        DeepLakeSnapshot.open(
            DeepLakeOptions.parse(path, with(Map.of("ref", ref, "includeHidden", "true"))))) {
      columns =
          DeepLakeSnapshot.of(
                  ds,
                  DeepLakeOptions.parse(path, with(Map.of("ref", ref, "includeHidden", "true"))))
              .columns();
    }
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (String section : List.of("tensors", "hidden_tensors")) {
      v.path(section).properties().forEach(e -> expected.put(e.getKey(), e.getValue()));
    }
    assertThat(columns.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());

    List<String> diffs = new ArrayList<>();
    for (var e : expected.entrySet()) {
      compareColumn(columns.get(e.getKey()), e.getValue().get("samples"), rows, false, diffs);
    }
    assertThat(diffs).as("%s %s row reader", name, v.get("label").asText()).isEmpty();

    // class names, as strings
    List<String> named =
        columns.values().stream()
            .filter(c -> c.metadata().contains(SparkTypes.CLASS_NAMES_KEY))
            .map(TensorColumn::tensor)
            .toList();
    if (!named.isEmpty()) {
      Dataset<Row> byName =
          read(
                  path,
                  ref,
                  Map.of(
                      "classLabels",
                      "name",
                      "tensors",
                      String.join(",", named),
                      "padTensors",
                      "true"))
              .selectExpr("*", "_index");
      List<Row> nrows = sorted(byName.collectAsList());
      Map<String, TensorColumn> ncols = new LinkedHashMap<>();
      try (var ds = DeepLakeSnapshot.open(DeepLakeOptions.parse(path, with(Map.of("ref", ref))))) {
        ncols =
            DeepLakeSnapshot.of(
                    ds,
                    DeepLakeOptions.parse(
                        path,
                        with(
                            Map.of(
                                "ref",
                                ref,
                                "classLabels",
                                "name",
                                "tensors",
                                String.join(",", named)))))
                .columns();
      }
      for (String n : named) {
        assertThat(ncols.get(n).kind()).isEqualTo(Kind.CLASS_NAME);
        compareColumn(ncols.get(n), expected.get(n).get("samples"), nrows, true, diffs);
      }
      assertThat(diffs).as("%s %s class names", name, v.get("label").asText()).isEmpty();
    }

    // the columnar reader, for the columns it serves
    List<String> columnar =
        columns.values().stream()
            .filter(TensorColumn::isColumnar)
            .map(TensorColumn::tensor)
            .filter(n -> !n.contains("/")) // group structs are read by rows
            .toList();
    if (!columnar.isEmpty()) {
      Dataset<Row> cdf =
          read(
                  path,
                  ref,
                  Map.of(
                      "includeHidden",
                      "true",
                      "padTensors",
                      "true",
                      "tensors",
                      String.join(",", columnar)))
              .selectExpr("*", "_index");
      assertThat(cdf.queryExecution().executedPlan().toString()).contains("Columnar");
      List<Row> crows = sorted(cdf.collectAsList());
      for (String n : columnar) {
        compareColumn(columns.get(n), expected.get(n).get("samples"), crows, false, diffs);
      }
      assertThat(diffs).as("%s %s columnar reader", name, v.get("label").asText()).isEmpty();
    }
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows);
    out.sort(Comparator.comparingLong(r -> r.getLong(r.fieldIndex("_index"))));
    for (int i = 0; i < out.size(); i++) {
      assertThat(out.get(i).getLong(out.get(i).fieldIndex("_index"))).isEqualTo(i);
    }
    return out;
  }

  private static void compareColumn(
      TensorColumn c, JsonNode samples, List<Row> rows, boolean names, List<String> diffs) {
    String[] path = c.tensor().split("/");
    for (int i = 0; i < rows.size(); i++) {
      Object actual = SparkJson.at(rows.get(i), path);
      String where = c.tensor() + "[" + i + "]";
      if (i >= samples.size()) {
        if (actual != null) {
          diffs.add(where + ": expected null past the tensor's end, was " + actual);
        }
        continue;
      }
      JsonNode exp = samples.get(i);
      if (c.sequence()) {
        if (!(actual instanceof scala.collection.Seq<?> seq)) {
          diffs.add(where + ": expected a sequence, was " + actual);
          continue;
        }
        List<?> items = scala.jdk.javaapi.CollectionConverters.asJava(seq);
        JsonNode expItems = exp.get("value");
        if (items.size() != expItems.size()) {
          diffs.add(where + ": " + items.size() + " items, expected " + expItems.size());
          continue;
        }
        for (int k = 0; k < items.size(); k++) {
          compareItem(c, expItems.get(k), items.get(k), names, where + "[" + k + "]", diffs);
        }
        continue;
      }
      compareItem(c, exp, actual, names, where, diffs);
    }
  }

  private static boolean emptyShape(JsonNode exp) {
    JsonNode s = exp.get("shape");
    if (s == null) {
      return false;
    }
    for (JsonNode d : s) {
      if (d.asLong() == 0) {
        return true;
      }
    }
    return false;
  }

  private static void compareItem(
      TensorColumn c,
      JsonNode exp,
      Object actual,
      boolean names,
      String where,
      List<String> diffs) {
    JsonNode expected;
    JsonNode act = SparkJson.toJson(actual);
    switch (c.kind()) {
      case NUMERIC, POLYGON -> {
        if (emptyShape(exp)) {
          expected = F.nullNode();
        } else if (c.ndim() == 0) {
          expected = exp.get("value").get(0);
        } else {
          expected = exp.get("value");
        }
      }
      case CLASS_NAME -> {
        if (emptyShape(exp)) {
          expected = F.nullNode();
        } else {
          expected = c.ndim() == 0 ? exp.get("text").get(0) : exp.get("text");
        }
      }
      case TEXT -> expected = exp.get("value");
      case LINK -> expected = exp.get("path").asText().isEmpty() ? F.nullNode() : exp.get("path");
      case JSON -> {
        expected = exp.get("value");
        act = actual == null ? F.nullNode() : Json.parseText((String) actual, where);
      }
      case LIST -> {
        ArrayNode e = F.arrayNode();
        for (JsonNode x : exp.get("value")) {
          e.add(x.isTextual() ? x : F.textNode(x.toString()));
        }
        expected = e;
      }
      case BINARY -> {
        if (exp.has("compressed_sha256")) {
          expected = exp.get("compressed_sha256");
          act = actual == null ? F.nullNode() : F.textNode(Records.sha256((byte[]) actual));
        } else {
          return; // no stored-bytes record to compare with (tiled, sequence item, link)
        }
      }
      case NONE -> expected = F.nullNode();
      default -> throw new IllegalStateException(c.kind().toString());
    }
    if (names && c.kind() != Kind.CLASS_NAME) {
      return;
    }
    for (String d : JsonCompare.diff(expected, act, Set.of(), 0)) {
      if (diffs.size() < 20) {
        diffs.add(where + " " + d);
      }
    }
  }
}
