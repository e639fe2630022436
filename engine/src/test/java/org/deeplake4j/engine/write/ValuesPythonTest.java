package org.deeplake4j.engine.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.InvalidValueException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each value the Java API refuses or stores, next to what Python deeplake 3.9.52 does when it
 * appends the same value to a tensor of the same type ({@code import_values_probe.py}, one process
 * for all cases): a Java {@code Long} or {@code Integer} is a Python int, a {@code Double} a float,
 * a {@code Boolean} a bool, a {@code List} a list, a Java primitive array a numpy array of its
 * dtype. Every case states which of four outcomes it is, so a difference from Python is a decision
 * written down here (and in the README's "Writing and version control" section):
 *
 * <ul>
 *   <li>{@link Expect#SAME}: both store it, the same bytes (rounding to the dtype included);
 *   <li>{@link Expect#BOTH_REFUSE};
 *   <li>{@link Expect#ONLY_JAVA_REFUSES}: Python changes or keeps it silently (true into int64
 *       becomes 1, 2^53 + 1 into float64 becomes 2^53, a lone surrogate is kept in json), Java
 *       refuses, as {@code deeplake import} does;
 *   <li>{@link Expect#ONLY_JAVA_STORES}: Python refuses by numpy's casting rule although the dtype
 *       holds every value (70000 into float32; for numpy arrays of more than one element Python
 *       decides by the array's dtype, not the values: int32 [1, 2] into uint8); Java stores exactly
 *       what numpy's cast stores.
 * </ul>
 */
class ValuesPythonTest {
  @TempDir Path dir;

  enum Expect {
    SAME,
    BOTH_REFUSE,
    ONLY_JAVA_REFUSES,
    ONLY_JAVA_STORES
  }

  /** A tensor spec (create_tensor arguments), the Java value, its Python spelling. */
  record Case(String tensor, Object java, String python, String numpy, Expect expect) {
    String id() {
      return tensor + " <- " + python + (numpy == null ? "" : " as numpy " + numpy);
    }
  }

  private static Case c(String tensor, Object java, String python, Expect e) {
    return new Case(tensor, java, python, null, e);
  }

  private static Case np(String tensor, Object java, String python, String numpy, Expect e) {
    return new Case(tensor, java, python, numpy, e);
  }

  private static final String F16 = "{\"dtype\": \"float16\"}";
  private static final String F32 = "{\"dtype\": \"float32\"}";
  private static final String F64 = "{\"dtype\": \"float64\"}";
  private static final String I64 = "{\"dtype\": \"int64\"}";
  private static final String U8 = "{\"dtype\": \"uint8\"}";
  private static final String BOOL = "{\"dtype\": \"bool\"}";
  private static final String ANY = "{}";
  private static final String LABEL = "{\"htype\": \"class_label\"}";
  private static final String TEXT = "{\"htype\": \"text\"}";
  private static final String JSON = "{\"htype\": \"json\"}";
  private static final String LIST = "{\"htype\": \"list\"}";
  private static final String TAG = "{\"htype\": \"tag\"}";

  static final List<Case> CASES =
      List.of(
          // floats: overflow refused, rounding kept
          c(F32, 1e300, "1e300", Expect.BOTH_REFUSE),
          np(F32, new double[] {0.5, 1e300}, "[0.5, 1e300]", "float64", Expect.BOTH_REFUSE),
          c(F32, 0.1, "0.1", Expect.SAME),
          c(F32, List.of(0.5, -1.25), "[0.5, -1.25]", Expect.SAME),
          np(F32, new double[] {0.5, -1.25}, "[0.5, -1.25]", "float64", Expect.ONLY_JAVA_STORES),
          c(F16, 70000.5, "70000.5", Expect.BOTH_REFUSE),
          c(F16, 0.1, "0.1", Expect.SAME),
          // integers into floats: exactly or not at all
          c(F32, 16777217, "16777217", Expect.BOTH_REFUSE),
          c(F32, 70000L, "70000", Expect.ONLY_JAVA_STORES),
          np(F32, new int[] {1, 2}, "[1, 2]", "int32", Expect.ONLY_JAVA_STORES),
          c(F64, 9007199254740993L, "9007199254740993", Expect.ONLY_JAVA_REFUSES),
          np(
              F64,
              new long[] {9007199254740993L, 1},
              "[9007199254740993, 1]",
              "int64",
              Expect.ONLY_JAVA_REFUSES),
          // booleans only into bool, bool only booleans
          c(F32, true, "true", Expect.ONLY_JAVA_REFUSES),
          c(I64, true, "true", Expect.ONLY_JAVA_REFUSES),
          np(I64, new boolean[] {true, false}, "[true, false]", "bool", Expect.ONLY_JAVA_REFUSES),
          c(LABEL, true, "true", Expect.ONLY_JAVA_REFUSES),
          c(ANY, List.of(true, 2), "[true, 2]", Expect.ONLY_JAVA_REFUSES),
          c(BOOL, 1, "1", Expect.BOTH_REFUSE),
          c(BOOL, true, "true", Expect.SAME),
          // integer dtypes: integers in range only
          c(I64, 1.5, "1.5", Expect.BOTH_REFUSE),
          np(I64, new double[] {1.0, 2.0}, "[1.0, 2.0]", "float64", Expect.BOTH_REFUSE),
          c(I64, BigInteger.ONE.shiftLeft(63), "9223372036854775808", Expect.BOTH_REFUSE),
          c(I64, 5, "5", Expect.SAME),
          np(I64, new int[] {1, 2}, "[1, 2]", "int32", Expect.SAME),
          c(U8, 300, "300", Expect.BOTH_REFUSE),
          c(U8, -1, "-1", Expect.BOTH_REFUSE),
          c(U8, 255, "255", Expect.SAME),
          np(U8, new int[] {1, 300}, "[1, 300]", "int32", Expect.BOTH_REFUSE),
          np(U8, new int[] {1, 2}, "[1, 2]", "int32", Expect.ONLY_JAVA_STORES),
          c(LABEL, -1, "-1", Expect.BOTH_REFUSE),
          c(LABEL, 1.5, "1.5", Expect.BOTH_REFUSE),
          c(ANY, List.of(1, 2.5), "[1, 2.5]", Expect.SAME),
          // strings: a lone surrogate is not a character
          c(TEXT, "a\ud800b", "\"a\\ud800b\"", Expect.BOTH_REFUSE),
          c(TEXT, "\ud83d\ude00 \u00e9", "\"\\ud83d\\ude00 \\u00e9\"", Expect.SAME),
          c(JSON, Map.of("k", "\ud800"), "{\"k\": \"\\ud800\"}", Expect.ONLY_JAVA_REFUSES),
          c(LIST, List.of("\ud800"), "[\"\\ud800\"]", Expect.ONLY_JAVA_REFUSES),
          c(TAG, "\ud800", "\"\\ud800\"", Expect.ONLY_JAVA_REFUSES),
          c(LABEL, "\ud800", "\"\\ud800\"", Expect.ONLY_JAVA_REFUSES));

  /** Java's outcome: the error message or null, and the stored sample. */
  private record Outcome(String error, JsonNode stored) {}

  private Outcome append(int i, Case c) throws IOException {
    JsonNode t = Json.MAPPER.readTree(c.tensor());
    TensorSpec spec =
        t.has("htype") ? TensorSpec.of(t.get("htype").asText()) : TensorSpec.generic();
    if (t.has("dtype")) {
      spec = spec.withDtype(t.get("dtype").asText());
    }
    try (Dataset d = Dataset.create(dir.resolve("ds" + i).toString())) {
      Tensor v = d.createTensor("v", spec);
      try {
        v.append(c.java());
      } catch (InvalidValueException e) {
        assertThat(v.length()).as("%s: nothing written", c.id()).isZero();
        return new Outcome(e.getMessage(), null);
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      if ("text".equals(t.path("htype").asText())) {
        o.put("text", v.text(0));
      } else if (!t.has("htype") || "class_label".equals(t.path("htype").asText())) {
        NdArray a = v.numpy(0);
        o.put("dtype", a.dtype().numpyName());
        ArrayNode shape = o.putArray("shape");
        for (long x : a.shape()) {
          shape.add((int) x);
        }
        o.put("hex", HexFormat.of().formatHex(a.toBytes()));
      }
      return new Outcome(null, o);
    }
  }

  @TestFactory
  List<DynamicTest> eachValueAsDecidedAgainstPython() throws IOException {
    ArrayNode cases = JsonNodeFactory.instance.arrayNode();
    for (Case c : CASES) {
      ObjectNode o = cases.addObject();
      o.put("id", c.id());
      o.set("tensor", Json.MAPPER.readTree(c.tensor()));
      o.put("json", c.python());
      if (c.numpy() != null) {
        o.put("numpy", c.numpy());
      }
    }
    Path in = dir.resolve("cases.json");
    Files.write(in, Json.MAPPER.writeValueAsBytes(cases));
    Path out = dir.resolve("python.json");
    PythonDeeplake.run(600, "import_values_probe.py", in.toString(), out.toString());
    JsonNode python = Fixtures.readJson(out);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < CASES.size(); i++) {
      Case c = CASES.get(i);
      Outcome java = append(i, c);
      JsonNode py = python.get(c.id());
      tests.add(DynamicTest.dynamicTest(c.id() + " " + c.expect(), () -> check(c, java, py)));
    }
    return tests;
  }

  private static void check(Case c, Outcome java, JsonNode py) {
    assertThat(py).as("Python ran %s", c.id()).isNotNull();
    boolean pyStored = py.get("ok").asBoolean();
    String pySays = pyStored ? "Python stored " + py : "Python refused: " + py.get("error");
    String javaSays = java.error() == null ? "Java stored " + java.stored() : java.error();
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
      case BOTH_REFUSE, ONLY_JAVA_REFUSES -> {
        assertThat(pyStored).as(pySays).isEqualTo(c.expect() == Expect.ONLY_JAVA_REFUSES);
        assertThat(java.error()).as(javaSays).isNotNull().startsWith("tensor 'v' row 0: ");
      }
      case ONLY_JAVA_STORES -> {
        assertThat(pyStored).as(pySays).isFalse();
        assertThat(java.error()).as(javaSays).isNull();
        assertThat(java.stored().get("hex").asText())
            .as("the bytes of numpy's cast; %s", javaSays)
            .isEqualTo(py.get("cast_hex").asText());
      }
    }
  }
}
