package org.deeplake4j.engine.tql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.deeplake4j.engine.testing.Fixtures;

/**
 * The sample records of one version of a reference fixture (expected.json, written by Python
 * deeplake 3.9.52), with helpers that compute query results in plain Java, independently of the
 * engine.
 */
final class FixtureRows {
  final String fixture;
  final JsonNode version;
  final int length;

  private FixtureRows(String fixture, JsonNode version) {
    this.fixture = fixture;
    this.version = version;
    this.length = version.get("length").asInt();
  }

  /** The first version listed (the main branch). */
  static FixtureRows of(String fixture) {
    return at(fixture, 0);
  }

  static FixtureRows at(String fixture, int versionIndex) {
    JsonNode e = Fixtures.readJson(Fixtures.v3Fixtures().resolve(fixture).resolve("expected.json"));
    return new FixtureRows(fixture, e.get("versions").get(versionIndex));
  }

  String datasetPath() {
    return Fixtures.v3Fixtures().resolve(fixture).resolve("dataset").toString();
  }

  JsonNode record(String tensor, int row) {
    return version.get("tensors").get(tensor).get("samples").get(row);
  }

  JsonNode value(String tensor, int row) {
    return record(tensor, row).get("value");
  }

  /** Shape of a numeric sample. */
  long[] shape(String tensor, int row) {
    JsonNode s = record(tensor, row).get("shape");
    long[] out = new long[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.get(i).asLong();
    }
    return out;
  }

  /** The number of a scalar sample (stored with shape [1]). */
  double num(String tensor, int row) {
    JsonNode v = value(tensor, row).get(0);
    return v.isBoolean() ? (v.booleanValue() ? 1 : 0) : v.doubleValue();
  }

  /** The integer of a scalar sample, exactly. */
  long lng(String tensor, int row) {
    JsonNode v = value(tensor, row).get(0);
    return v.isBoolean() ? (v.booleanValue() ? 1 : 0) : v.longValue();
  }

  /** All elements of a numeric sample, flattened, as doubles. */
  double[] flat(String tensor, int row) {
    List<Double> out = new ArrayList<>();
    flatten(value(tensor, row), out);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      n.forEach(c -> flatten(c, out));
    } else {
      out.add(n.isBoolean() ? (n.booleanValue() ? 1.0 : 0.0) : n.doubleValue());
    }
  }

  String text(String tensor, int row) {
    return value(tensor, row).asText();
  }

  /** Rows (ascending) for which {@code p} holds. */
  long[] where(IntPredicate p) {
    return IntStream.range(0, length).filter(p).asLongStream().toArray();
  }

  /** All rows sorted by {@code c}, ties by ascending row. */
  long[] orderBy(Comparator<Integer> c) {
    return IntStream.range(0, length)
        .boxed()
        .sorted(c.thenComparing(Comparator.naturalOrder()))
        .mapToLong(Integer::longValue)
        .toArray();
  }

  /** Rows where {@code p} holds, sorted by {@code c}, ties by ascending row. */
  long[] whereOrderBy(IntPredicate p, Comparator<Integer> c) {
    return IntStream.range(0, length)
        .filter(p)
        .boxed()
        .sorted(c.thenComparing(Comparator.naturalOrder()))
        .mapToLong(Integer::longValue)
        .toArray();
  }

  /** Compares strings by Unicode code point (independently of the engine). */
  static int byCodePoint(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
