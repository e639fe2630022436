package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deeplake4j.engine.cli.ImportCommandTest.fails;
import static org.deeplake4j.engine.cli.ImportCommandTest.ok;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.types.Dtype;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deeplake import} never changes a value silently: a value its tensor cannot hold as it is
 * written is refused, with the line, the tensor and the value, and nothing is written (a new
 * dataset is not created, an existing one keeps its rows). One test per class of such values;
 * {@link ImportValuesPythonTest} compares each decision with what Python deeplake 3.9.52 does.
 */
class ImportChangedValuesTest {
  @TempDir Path dir;

  static final String SCHEMA =
      """
      {"tensors": [
        {"name": "i64", "dtype": "int64"},
        {"name": "i32", "dtype": "int32"},
        {"name": "u8", "dtype": "uint8"},
        {"name": "u64", "dtype": "uint64"},
        {"name": "f16", "dtype": "float16"},
        {"name": "f32", "dtype": "float32"},
        {"name": "f64", "dtype": "float64"},
        {"name": "any"},
        {"name": "flag", "dtype": "bool"},
        {"name": "txt", "htype": "text"},
        {"name": "js", "htype": "json"},
        {"name": "lst", "htype": "list"},
        {"name": "tags", "htype": "tag"},
        {"name": "lbl", "htype": "class_label", "class_names": ["cat"]},
        {"name": "lnk", "htype": "link[image]", "sample_compression": "png"},
        {"name": "words", "htype": "sequence[text]"}
      ]}
      """;

  private Path schema;
  private String existing;

  @BeforeEach
  void existingDataset() throws IOException {
    schema = write("schema.json", SCHEMA);
    existing = dir.resolve("existing").toString();
    ok(
        Cli.run(
            "import",
            existing,
            "--schema",
            schema.toString(),
            "--jsonl",
            write("first.jsonl", List.of("{\"i64\": 1, \"txt\": \"a\"}")).toString(),
            "--commit",
            "first"));
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private Path write(String name, List<String> lines) throws IOException {
    return write(name, String.join("\n", lines) + "\n");
  }

  /**
   * Imports a good row then {@code row} (line 2), into a new dataset and into the existing one:
   * both fail naming line 2, the tensor (with its type) and {@code message}, and write nothing.
   */
  private void refused(String row, String tensor, String message) throws IOException {
    Path rows = write("rows.jsonl", List.of("{\"i64\": 7, \"txt\": \"kept?\"}", row));
    String prefix = rows + " line 2: tensor '" + tensor + "' (";
    Path fresh = dir.resolve("fresh");
    String err =
        fails(
            Cli.run(
                "import", fresh.toString(), "--schema", schema.toString(), "--jsonl", "" + rows));
    assertThat(err).as(row).contains(prefix).contains(message);
    assertThat(Files.exists(fresh)).as("%s: no new dataset", row).isFalse();
    err =
        fails(
            Cli.run("import", existing, "--schema", schema.toString(), "--jsonl", rows.toString()));
    assertThat(err).as(row).contains(prefix).contains(message);
    try (Dataset d = Dataset.open(existing)) {
      assertThat(d.tensor("i64").length()).as(row).isEqualTo(1);
      assertThat(d.tensor("txt").length()).as(row).isEqualTo(1);
      assertThat(d.hasHeadChanges()).as(row).isFalse();
    }
  }

  @Test
  void floatsThatOverflowTheirDtypeAreRefused() throws IOException {
    refused(
        "{\"f32\": 1e300}",
        "f32",
        "number 1.0E300 is out of range for float32 (it would become Infinity;"
            + " the largest finite float32 is 3.4028235e38)");
    refused("{\"f32\": [0.5, -1e300]}", "f32", "number -1.0E300 is out of range for float32");
    refused("{\"f32\": 3.5e38}", "f32", "number 3.5E38 is out of range for float32");
    refused("{\"f16\": 70000.5}", "f16", "number 70000.5 is out of range for float16");
    refused("{\"f16\": [[65520.0]]}", "f16", "number 65520.0 is out of range for float16");
    refused("{\"f64\": 1e400}", "f64", "number 1E+400 is out of range for float64");
    refused("{\"any\": [1.5, -2e999]}", "any", "number -2E+999 is out of range for float64");
  }

  @Test
  void integersAFloatDtypeCannotHoldExactlyAreRefused() throws IOException {
    refused(
        "{\"f32\": 16777217}",
        "f32",
        "16777217 cannot be stored exactly as float32 (it would become 16777216)");
    refused("{\"f16\": [1, 2049]}", "f16", "2049 cannot be stored exactly as float16");
    refused(
        "{\"f64\": 9007199254740993}",
        "f64",
        "9007199254740993 cannot be stored exactly as float64 (it would become 9007199254740992)");
    refused(
        "{\"f32\": 1" + "0".repeat(40) + "}",
        "f32",
        "1" + "0".repeat(40) + " cannot be stored exactly as float32 (it is out of range)");
    refused("{\"any\": [0.5, 9007199254740993]}", "any", "9007199254740993 cannot be stored");
  }

  @Test
  void booleansIntoNumericTensorsAreRefused() throws IOException {
    refused(
        "{\"i64\": true}",
        "i64",
        "expected numbers (dtype int64), found boolean true: booleans go only into bool tensors");
    refused("{\"f32\": [false]}", "f32", "found boolean false: booleans go only into bool");
    refused("{\"u8\": [[1, true]]}", "u8", "found boolean true");
    refused("{\"lbl\": true}", "lbl", "found boolean true: booleans go only into bool");
    refused("{\"any\": [true, 2]}", "any", "found true among numbers: booleans go only into bool");
    refused("{\"any\": [2.5, false]}", "any", "found false among numbers");
  }

  @Test
  void integersOutOfTheirDtypesRangeAreRefused() throws IOException {
    refused("{\"u8\": 300}", "u8", "300 is out of range for uint8 [0, 255]");
    refused("{\"u8\": [-1]}", "u8", "-1 is out of range for uint8 [0, 255]");
    refused("{\"i32\": 2147483648}", "i32", "2147483648 is out of range for int32");
    refused("{\"i64\": 9223372036854775808}", "i64", "9223372036854775808 is out of range");
    refused("{\"i64\": -9223372036854775809}", "i64", "-9223372036854775809 is out of range");
    refused("{\"u64\": 18446744073709551616}", "u64", "18446744073709551616 is out of range");
    refused("{\"lbl\": -1}", "lbl", "-1 is out of range for uint32");
    refused("{\"any\": [1, 18446744073709551616]}", "any", "does not fit int64 or uint64");
  }

  @Test
  void nonIntegersIntoIntegerTensorsAreRefused() throws IOException {
    refused("{\"i32\": 1.5}", "i32", "expected integers (dtype int32), found number 1.5");
    refused("{\"i64\": [2.0]}", "i64", "expected integers (dtype int64), found number 2.0");
    refused("{\"i64\": NaN}", "i64", "expected integers (dtype int64), found number NaN");
    refused("{\"u8\": -Infinity}", "u8", "found number -Infinity");
    refused("{\"i64\": 1e30}", "i64", "found number 1.0E30");
    refused("{\"lbl\": [1.5]}", "lbl", "expected integers (dtype uint32), found number 1.5");
    refused("{\"flag\": 1}", "flag", "expected true or false (dtype bool), found number 1");
  }

  @Test
  void stringsWithALoneSurrogateAreRefusedInEveryTensor() throws IOException {
    String lone = "holds a lone UTF-16 surrogate ";
    refused(
        "{\"txt\": \"a\\ud800b\"}",
        "txt",
        "string \"a\\ud800b\" " + lone + "\\ud800 at index 1: it is not a character");
    refused(
        "{\"txt\": \"\\udc00\\ud83d\"}", "txt", "string \"\\udc00\\ud83d\" " + lone + "\\udc00");
    refused("{\"txt\": \"\\ud83d\\ude00\\ud83d\"}", "txt", lone + "\\ud83d at index 2");
    refused("{\"js\": {\"k\": [\"\\udfff\"]}}", "js", "string \"\\udfff\" " + lone);
    refused("{\"js\": {\"\\ud800\": 1}}", "js", "key \"\\ud800\" " + lone);
    refused("{\"lst\": [\"x\", \"\\ud800\"]}", "lst", lone);
    refused("{\"tags\": \"\\ud800\"}", "tags", lone);
    refused("{\"lbl\": \"\\ud800\"}", "lbl", lone);
    refused("{\"lbl\": [\"cat\", \"dog\\ud800\"]}", "lbl", "string \"dog\\ud800\" " + lone);
    refused("{\"lnk\": \"/tmp/\\ud800.png\"}", "lnk", lone);
    refused("{\"words\": [\"a\", \"\\ud800\"]}", "words", lone);
  }

  @Test
  void valuesTheTensorHoldsAsWrittenOrByRoundingAreKept() throws IOException {
    Path rows =
        write(
            "kept.jsonl",
            List.of(
                "{\"f32\": [0.1, 1e-300, 16777217.0, 70000, NaN, Infinity, -Infinity],"
                    + " \"f16\": [65504, 0.1, 1e-8], \"f64\": [9007199254740992, 1e308],"
                    + " \"u8\": [255, 0], \"i64\": [-9223372036854775808],"
                    + " \"u64\": 18446744073709551615, \"flag\": [true],"
                    + " \"txt\": \"\\ud83d\\ude00 \u00e9\", \"js\": {\"big\": 1e400, \"k\": \"\\ud83d\\ude00\"}}"));
    String ds = dir.resolve("kept").toString();
    ok(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
    try (Dataset d = Dataset.open(ds)) {
      float[] f = d.tensor("f32").numpy(0).toFloatArray();
      assertThat(f[0]).isEqualTo(0.1f);
      assertThat(f[1]).isEqualTo(0.0f);
      assertThat(f[2]).isEqualTo(16777216f);
      assertThat(f[3]).isEqualTo(70000f);
      assertThat(f[4]).isNaN();
      assertThat(f[5]).isEqualTo(Float.POSITIVE_INFINITY);
      assertThat(f[6]).isEqualTo(Float.NEGATIVE_INFINITY);
      assertThat(d.tensor("f16").numpy(0).dtype()).isEqualTo(Dtype.FLOAT16);
      assertThat(d.tensor("f16").numpy(0).toFloatArray()).containsExactly(65504f, 0.099975586f, 0f);
      assertThat(d.tensor("f64").numpy(0).toDoubleArray())
          .containsExactly(9007199254740992d, 1e308);
      assertThat(d.tensor("u8").numpy(0).toLongArray()).containsExactly(255, 0);
      assertThat(d.tensor("i64").numpy(0).toLongArray()).containsExactly(Long.MIN_VALUE);
      assertThat(d.tensor("u64").numpy(0).toLongArray()).containsExactly(-1L);
      assertThat(d.tensor("txt").text(0)).isEqualTo("\ud83d\ude00 \u00e9");
      assertThat(ImportCommandTest.value(d.tensor("js"), 0).get("k").textValue())
          .isEqualTo("\ud83d\ude00");
      assertThat(ImportCommandTest.value(d.tensor("js"), 0).get("big").doubleValue())
          .as(
              "a json tensor stores 1e400 as written (1E+400), read as a double: Infinity,"
                  + " as Python's json module reads it")
          .isInfinite();
    }
  }
}
