package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each value that {@code deeplake import} refuses or stores, next to what Python deeplake 3.9.52
 * does when it appends the same JSON value (parsed by Python's json module) to a tensor of the same
 * type ({@code import_values_probe.py}, one process for all cases). Every case states which of the
 * four outcomes it is, so a difference from Python is a decision written down here (and in the
 * README's import paragraph), never an accident:
 *
 * <ul>
 *   <li>{@link Expect#SAME}: both store it, the same bytes (rounding to the dtype included);
 *   <li>{@link Expect#BOTH_REFUSE};
 *   <li>{@link Expect#ONLY_IMPORT_REFUSES}: Python changes or keeps it silently (true into int64
 *       becomes 1, 2^53 + 1 into float64 becomes 2^53, 1e400 parses to inf, a lone surrogate is
 *       kept in json), the import refuses;
 *   <li>{@link Expect#ONLY_IMPORT_STORES}: Python refuses by numpy's value-based casting rule
 *       although the dtype holds the value exactly (70000 into float32); the import stores exactly
 *       what numpy's cast stores.
 * </ul>
 */
class ImportValuesPythonTest {
  @TempDir Path dir;

  enum Expect {
    SAME,
    BOTH_REFUSE,
    ONLY_IMPORT_REFUSES,
    ONLY_IMPORT_STORES
  }

  record Case(String tensor, String json, Expect expect) {
    String id() {
      return tensor + " <- " + json;
    }
  }

  private static Case c(String tensor, String json, Expect e) {
    return new Case(tensor, json, e);
  }

  private static final String F16 = "{\"dtype\": \"float16\"}";
  private static final String F32 = "{\"dtype\": \"float32\"}";
  private static final String F64 = "{\"dtype\": \"float64\"}";
  private static final String I64 = "{\"dtype\": \"int64\"}";
  private static final String I32 = "{\"dtype\": \"int32\"}";
  private static final String U8 = "{\"dtype\": \"uint8\"}";
  private static final String U64 = "{\"dtype\": \"uint64\"}";
  private static final String BOOL = "{\"dtype\": \"bool\"}";
  private static final String ANY = "{}";
  private static final String LABEL = "{\"htype\": \"class_label\"}";
  private static final String TEXT = "{\"htype\": \"text\"}";
  private static final String JSON = "{\"htype\": \"json\"}";
  private static final String LIST = "{\"htype\": \"list\"}";
  private static final String TAG = "{\"htype\": \"tag\"}";

  static final List<Case> CASES =
      List.of(
          // floats: overflow refused, rounding kept, NaN and Infinity as written
          c(F32, "1e300", Expect.BOTH_REFUSE),
          c(F32, "-1e300", Expect.BOTH_REFUSE),
          c(F32, "3.5e38", Expect.BOTH_REFUSE),
          c(F32, "[0.5, 1e300]", Expect.BOTH_REFUSE),
          c(F32, "0.1", Expect.SAME),
          c(F32, "1e-300", Expect.SAME),
          c(F32, "16777217.0", Expect.SAME),
          c(F32, "[0.5, -1.25]", Expect.SAME),
          c(F32, "NaN", Expect.SAME),
          c(F32, "Infinity", Expect.SAME),
          c(F32, "-Infinity", Expect.SAME),
          c(F32, "1", Expect.SAME),
          c(F32, "16777217", Expect.BOTH_REFUSE),
          c(F32, "70000", Expect.ONLY_IMPORT_STORES),
          c(F32, "true", Expect.ONLY_IMPORT_REFUSES),
          c(F16, "70000.5", Expect.BOTH_REFUSE),
          c(F16, "2049", Expect.BOTH_REFUSE),
          c(F16, "0.1", Expect.SAME),
          c(F16, "1e-8", Expect.SAME),
          c(F16, "65504", Expect.ONLY_IMPORT_STORES),
          c(F16, "65504.0", Expect.ONLY_IMPORT_STORES),
          c(F64, "5", Expect.SAME),
          c(F64, "9007199254740993", Expect.ONLY_IMPORT_REFUSES),
          c(F64, "1e400", Expect.ONLY_IMPORT_REFUSES),
          // integers: range, no fractions, no booleans
          c(I64, "-9223372036854775808", Expect.SAME),
          c(I64, "[1, 2]", Expect.SAME),
          c(I64, "9223372036854775808", Expect.BOTH_REFUSE),
          c(I64, "-9223372036854775809", Expect.BOTH_REFUSE),
          c(I64, "1.5", Expect.BOTH_REFUSE),
          c(I64, "2.0", Expect.BOTH_REFUSE),
          c(I64, "NaN", Expect.BOTH_REFUSE),
          c(I64, "Infinity", Expect.BOTH_REFUSE),
          c(I64, "1e30", Expect.BOTH_REFUSE),
          c(I64, "true", Expect.ONLY_IMPORT_REFUSES),
          c(I64, "[true, false]", Expect.ONLY_IMPORT_REFUSES),
          c(I32, "-2147483648", Expect.SAME),
          c(I32, "2147483648", Expect.BOTH_REFUSE),
          c(I32, "true", Expect.ONLY_IMPORT_REFUSES),
          c(U8, "255", Expect.SAME),
          c(U8, "300", Expect.BOTH_REFUSE),
          c(U8, "-1", Expect.BOTH_REFUSE),
          c(U8, "1.5", Expect.BOTH_REFUSE),
          c(U8, "[true]", Expect.ONLY_IMPORT_REFUSES),
          c(U64, "18446744073709551615", Expect.SAME),
          c(U64, "18446744073709551616", Expect.BOTH_REFUSE),
          c(U64, "-1", Expect.BOTH_REFUSE),
          c(BOOL, "true", Expect.SAME),
          c(BOOL, "1", Expect.BOTH_REFUSE),
          c(LABEL, "-1", Expect.BOTH_REFUSE),
          c(LABEL, "1.5", Expect.BOTH_REFUSE),
          c(LABEL, "true", Expect.ONLY_IMPORT_REFUSES),
          // no dtype: inferred as numpy infers, but booleans and numbers do not mix
          c(ANY, "[1, 2.5]", Expect.SAME),
          c(ANY, "[true, 2]", Expect.ONLY_IMPORT_REFUSES),
          c(ANY, "1e400", Expect.ONLY_IMPORT_REFUSES),
          // strings: a lone surrogate is not a character
          c(TEXT, "\"a\\ud800b\"", Expect.BOTH_REFUSE),
          c(TEXT, "\"\\udc00\"", Expect.BOTH_REFUSE),
          c(TEXT, "\"\\ud83d\\ude00 \\u00e9\"", Expect.SAME),
          c(JSON, "{\"k\": \"\\ud800\"}", Expect.ONLY_IMPORT_REFUSES),
          c(LIST, "[\"\\ud800\"]", Expect.ONLY_IMPORT_REFUSES),
          c(TAG, "\"\\ud800\"", Expect.ONLY_IMPORT_REFUSES),
          c(LABEL, "\"\\ud800\"", Expect.ONLY_IMPORT_REFUSES));

  /** The import's outcome: null error and the stored sample, or the error line. */
  private record Outcome(String error, JsonNode stored) {}

  private Outcome importOne(int i, Case c) throws IOException {
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(c.tensor());
    t.put("name", "v");
    ObjectNode schema = JsonNodeFactory.instance.objectNode();
    schema.putArray("tensors").add(t);
    Path s = dir.resolve("schema" + i + ".json");
    Files.write(s, Json.MAPPER.writeValueAsBytes(schema));
    Path rows = dir.resolve("rows" + i + ".jsonl");
    Files.writeString(rows, "{\"v\": " + c.json() + "}\n", StandardCharsets.UTF_8);
    String ds = dir.resolve("ds" + i).toString();
    Cli.Result r = Cli.run("import", ds, "--schema", s.toString(), "--jsonl", rows.toString());
    if (r.exitCode() != 0) {
      assertThat(Files.exists(dir.resolve("ds" + i))).as("%s: nothing written", c.id()).isFalse();
      return new Outcome(ImportCommandTest.fails(r), null);
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    try (Dataset d = Dataset.open(ds)) {
      Tensor v = d.tensor("v");
      String htype = t.path("htype").asText("generic");
      if (List.of("text", "json", "list", "tag").contains(htype)) {
        o.set("text", ImportCommandTest.value(v, 0));
      } else {
        NdArray a = v.numpy(0);
        o.put("dtype", a.dtype().numpyName());
        ArrayNode shape = o.putArray("shape");
        for (long x : a.shape()) {
          shape.add((int) x);
        }
        o.put("hex", HexFormat.of().formatHex(a.toBytes()));
      }
    }
    return new Outcome(null, o);
  }

  @TestFactory
  List<DynamicTest> eachValueAsDecidedAgainstPython() throws IOException {
    ArrayNode cases = JsonNodeFactory.instance.arrayNode();
    for (Case c : CASES) {
      ObjectNode o = cases.addObject();
      o.put("id", c.id());
      o.set("tensor", Json.MAPPER.readTree(c.tensor()));
      o.put("json", c.json());
    }
    Path in = dir.resolve("cases.json");
    Files.write(in, Json.MAPPER.writeValueAsBytes(cases));
    Path out = dir.resolve("python.json");
    PythonDeeplake.run(600, "import_values_probe.py", in.toString(), out.toString());
    JsonNode python = Fixtures.readJson(out);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      Outcome java = importOne(i, c);
      JsonNode py = python.get(c.id());
      tests.add(DynamicTest.dynamicTest(c.id() + " " + c.expect(), () -> check(c, java, py)));
    }
    return tests;
  }

  private static void check(Case c, Outcome java, JsonNode py) {
    assertThat(py).as("Python ran %s", c.id()).isNotNull();
    boolean pyStored = py.get("ok").asBoolean();
    String pySays = pyStored ? "Python stored " + py : "Python refused: " + py.get("error");
    String javaSays = java.error() == null ? "import stored " + java.stored() : java.error();
    switch (c.expect()) {
      case SAME -> {
        assertThat(pyStored).as(pySays).isTrue();
        assertThat(java.error()).as(javaSays).isNull();
        for (String k : List.of("dtype", "shape", "hex", "text")) {
          assertThat(java.stored().get(k))
              .as("%s: %s; %s", k, pySays, javaSays)
              .isEqualTo(py.get(k));
        }
      }
      case BOTH_REFUSE, ONLY_IMPORT_REFUSES -> {
        assertThat(pyStored).as(pySays).isEqualTo(c.expect() == Expect.ONLY_IMPORT_REFUSES);
        assertThat(java.error()).as(javaSays).isNotNull().contains("line 1: tensor 'v' (");
      }
      case ONLY_IMPORT_STORES -> {
        assertThat(pyStored).as(pySays).isFalse();
        assertThat(java.error()).as(javaSays).isNull();
        assertThat(java.stored().get("hex").asText())
            .as("the bytes of numpy's cast; %s", javaSays)
            .isEqualTo(py.get("cast_hex").asText());
      }
    }
  }
}
