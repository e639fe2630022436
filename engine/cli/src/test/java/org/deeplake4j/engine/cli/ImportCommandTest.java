package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.format.Bits;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deeplake import}: JSON Lines rows into new and existing datasets, and its errors. */
class ImportCommandTest {
  @TempDir Path dir;

  static final String SCHEMA =
      """
      {"tensors": [
        {"name": "i32", "dtype": "int32"},
        {"name": "f32", "htype": "generic", "dtype": "float32"},
        {"name": "u8", "dtype": "uint8", "chunk_compression": "lz4"},
        {"name": "f16", "dtype": "float16"},
        {"name": "big", "dtype": "uint64"},
        {"name": "flag", "dtype": "bool"},
        {"name": "txt", "htype": "text"},
        {"name": "js", "htype": "json"},
        {"name": "lst", "htype": "list"},
        {"name": "lbl", "htype": "class_label", "class_names": ["cat", "dog"]},
        {"name": "img", "htype": "image", "sample_compression": "png"},
        {"name": "g/x", "dtype": "float64", "max_chunk_size": 4096, "tiling_threshold": -1}
      ]}
      """;

  /** 3x4 RGB pixels whose values depend on {@code seed}. */
  static NdArray pixels(int seed) {
    byte[] b = new byte[3 * 4 * 3];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7 + seed * 31);
    }
    return NdArray.of(Dtype.UINT8, new long[] {3, 4, 3}, b);
  }

  static String pngBase64(int seed) {
    return Base64.getEncoder().encodeToString(Images.encode(pixels(seed), "png", "test"));
  }

  static List<String> rows() {
    return List.of(
        "{\"i32\": [[1, 2], [3, -4]], \"f32\": [0.1, 2.5, -1e-3], \"u8\": [255, 0, 7],"
            + " \"f16\": [1.5, 65504, 0.1], \"big\": 18446744073709551615, \"flag\": [true, false],"
            + " \"txt\": \"h\u00e9llo\", \"js\": {\"a\": [1, {\"b\": null}]}, \"lst\": [\"x\", 2],"
            + " \"lbl\": 1, \"img\": {\"base64\": \""
            + pngBase64(0)
            + "\"}, \"g/x\": 0.5}",
        "",
        "{\"i32\": [[7]], \"txt\": \"second\", \"lbl\": \"bird\", \"img\": {\"base64\": \""
            + pngBase64(1)
            + "\", \"shape\": [3, 4, 3]}}",
        "{\"i32\": [[]], \"js\": [1, 2], \"lst\": [], \"lbl\": [\"cat\", 1, \"fish\"], \"f32\": null,"
            + " \"g/x\": [1, 2, 3]}");
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  Path write(String name, List<String> lines) throws IOException {
    return write(name, String.join("\n", lines) + "\n");
  }

  static JsonNode value(Tensor t, long row) {
    return Records.sample(t, row).get("value");
  }

  static JsonNode json(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8), "test");
  }

  static Cli.Result ok(Cli.Result r) {
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.err()).as("%s", r).isEmpty();
    return r;
  }

  /** Exit 1 with one {@code deeplake: } line on stderr; returns that line. */
  static String fails(Cli.Result r) {
    assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
    assertThat(r.errLines()).as("%s", r).hasSize(1);
    assertThat(r.err()).startsWith("deeplake: ").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
    return r.errLines().get(0);
  }

  @Test
  void importsEveryKindOfValueIntoANewDatasetAndReadsItBack() throws IOException {
    Path schema = write("schema.json", SCHEMA);
    Path rows = write("rows.jsonl", rows());
    String ds = dir.resolve("new/ds").toString();
    Cli.Result r =
        ok(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
    assertThat(r.out()).isEmpty();

    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.tensorNames())
          .containsExactly(
              "i32", "f32", "u8", "f16", "big", "flag", "txt", "js", "lst", "lbl", "img", "g/x");
      assertThat(d.groups()).containsExactly("g");
      assertThat(d.length()).isEqualTo(3);
      assertThat(d.hasHeadChanges()).isTrue();

      Tensor i32 = d.tensor("i32");
      assertThat(i32.meta().dtype()).isEqualTo("int32");
      assertThat(i32.numpy(0).dtype()).isEqualTo(Dtype.INT32);
      assertThat(i32.numpy(0).shape()).containsExactly(2, 2);
      assertThat(i32.numpy(0).toIntArray()).containsExactly(1, 2, 3, -4);
      assertThat(i32.numpy(1).shape()).containsExactly(1, 1);
      assertThat(i32.numpy(1).toIntArray()).containsExactly(7);
      assertThat(i32.numpy(2).shape()).containsExactly(1, 0);

      // float32: the float nearest to each JSON number, not a float64 rounded twice
      Tensor f32 = d.tensor("f32");
      assertThat(f32.meta().dtype()).isEqualTo("float32");
      assertThat(f32.numpy(0).toFloatArray()).containsExactly(0.1f, 2.5f, -1e-3f);
      assertThat(f32.numpy(1).isEmpty()).as("padded").isTrue();
      assertThat(f32.numpy(2).isEmpty()).as("null").isTrue();

      Tensor u8 = d.tensor("u8");
      assertThat(u8.meta().chunkCompression()).isEqualTo("lz4");
      assertThat(u8.numpy(0).dtype()).isEqualTo(Dtype.UINT8);
      assertThat(u8.numpy(0).toLongArray()).containsExactly(255, 0, 7);

      NdArray f16 = d.tensor("f16").numpy(0);
      assertThat(f16.dtype()).isEqualTo(Dtype.FLOAT16);
      assertThat(f16.toBytes())
          .containsExactly(0x00, 0x3e, 0xff, 0x7b, 0x66, 0x2e); // 1.5, 65504, 0.1 as numpy
      assertThat(f16.getDouble(2)).isEqualTo(Bits.halfToFloat((short) 0x2e66));

      NdArray big = d.tensor("big").numpy(0);
      assertThat(big.dtype()).isEqualTo(Dtype.UINT64);
      assertThat(Long.toUnsignedString(big.getLong(0))).isEqualTo("18446744073709551615");
      assertThat(d.tensor("flag").numpy(0).toBytes()).containsExactly(1, 0);

      Tensor txt = d.tensor("txt");
      assertThat(txt.text(0)).isEqualTo("h\u00e9llo");
      assertThat(txt.text(1)).isEqualTo("second");
      assertThat(txt.text(2)).isEmpty();

      Tensor js = d.tensor("js");
      assertThat(value(js, 0)).isEqualTo(json("{\"a\": [1, {\"b\": null}]}"));
      assertThat(value(js, 2)).isEqualTo(json("[1, 2]"));
      Tensor lst = d.tensor("lst");
      assertThat(value(lst, 0)).isEqualTo(json("[\"x\", 2]"));
      assertThat(value(lst, 2)).isEqualTo(json("[]"));

      Tensor lbl = d.tensor("lbl");
      assertThat(lbl.meta().dtype()).isEqualTo("uint32");
      assertThat(lbl.classNames()).containsExactly("cat", "dog", "bird", "fish");
      assertThat(lbl.numpy(0).toLongArray()).containsExactly(1);
      assertThat(lbl.numpy(1).toLongArray()).containsExactly(2);
      assertThat(lbl.numpy(2).toLongArray()).containsExactly(0, 1, 3);

      Tensor img = d.tensor("img");
      assertThat(img.meta().sampleCompression()).isEqualTo("png");
      assertThat(img.numpy(0).toBytes()).isEqualTo(pixels(0).toBytes());
      assertThat(img.numpy(1).toBytes()).isEqualTo(pixels(1).toBytes());
      assertThat(img.shape(1)).containsExactly(3, 4, 3);
      assertThat(img.bytes(0)).isEqualTo(Base64.getDecoder().decode(pngBase64(0)));
      assertThat(img.numpy(2).isEmpty()).as("padded image").isTrue();

      Tensor gx = d.tensor("g/x");
      assertThat(gx.meta().maxChunkSize()).isEqualTo(4096L);
      assertThat(gx.meta().tilingThreshold()).isEqualTo(-1L);
      assertThat(gx.numpy(0).shape()).containsExactly(1);
      assertThat(gx.numpy(0).toDoubleArray()).containsExactly(0.5);
      assertThat(gx.numpy(1).isEmpty()).isTrue();
      assertThat(gx.numpy(2).shape()).containsExactly(3);
      assertThat(gx.numpy(2).toDoubleArray()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void appendsToAnExistingDatasetWithTheSameSchemaAndCommits() throws IOException {
    Path schema = write("schema.json", SCHEMA);
    Path rows = write("rows.jsonl", rows());
    String ds = dir.resolve("ds").toString();
    String[] args = {"import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()};
    ok(Cli.run(args));
    Cli.Result second =
        ok(
            Cli.run(
                "import",
                ds,
                "--schema",
                schema.toString(),
                "--jsonl",
                rows.toString(),
                "--commit",
                "six rows"));
    assertThat(second.outLines()).hasSize(1);
    String commit = second.outLines().get(0);
    // The first import made the dataset's first commit (a write transaction cannot publish into
    // a root written in place) and appended on top; the second commits both imports' rows.
    assertThat(commit).isNotEqualTo(VersionGraph.FIRST_COMMIT_ID);

    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.length()).isEqualTo(6);
      assertThat(d.hasHeadChanges()).isFalse();
      assertThat(d.commitId()).isEqualTo(commit);
      assertThat(d.tensor("i32").numpy(4).toIntArray()).containsExactly(7);
      assertThat(d.tensor("img").numpy(4).toBytes()).isEqualTo(pixels(1).toBytes());
      // the names added by the first import are known now: same indices, none added
      assertThat(d.tensor("lbl").classNames()).containsExactly("cat", "dog", "bird", "fish");
      assertThat(d.tensor("lbl").numpy(5).toLongArray()).containsExactly(0, 1, 3);
    }
    Cli.Result log = ok(Cli.run("log", ds));
    assertThat(log.out())
        .contains("Commit : " + commit + " (main)")
        .contains("Message: six rows")
        .contains("Message: " + org.deeplake4j.engine.WriteTransaction.FIRST_COMMIT_MESSAGE)
        .doesNotContain("uncommitted");

    // A schema that leaves the dtype to the first sample matches any dtype.
    Path loose =
        write(
            "loose.json",
            SCHEMA.replace("{\"name\": \"i32\", \"dtype\": \"int32\"}", "{\"name\": \"i32\"}"));
    Path one = write("one.jsonl", List.of("{\"i32\": [[5, 6]]}"));
    ok(Cli.run("import", ds, "--schema", loose.toString(), "--jsonl", one.toString()));
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.length()).isEqualTo(7);
      assertThat(d.tensor("i32").numpy(6).dtype()).isEqualTo(Dtype.INT32);
      assertThat(d.tensor("txt").text(6)).isEmpty();
      assertThat(d.hasHeadChanges()).isTrue();
    }
  }

  @Test
  void schemaMismatchSaysExactlyWhatDiffersAndWritesNothing() throws IOException {
    Path schema = write("schema.json", SCHEMA);
    Path rows = write("rows.jsonl", rows());
    String ds = dir.resolve("ds").toString();
    ok(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
    String other =
        SCHEMA
            .replace("\"dtype\": \"int32\"", "\"dtype\": \"int64\"")
            .replace("\"chunk_compression\": \"lz4\"", "\"sample_compression\": \"lz4\"")
            .replace("\"htype\": \"json\"", "\"htype\": \"list\"")
            .replace("\"class_names\": [\"cat\", \"dog\"]", "\"class_names\": [\"dog\"]")
            .replace(
                "{\"name\": \"f16\", \"dtype\": \"float16\"},",
                "{\"name\": \"extra\", \"htype\": \"text\"},");
    Path bad = write("other.json", other);
    String err =
        fails(Cli.run("import", ds, "--schema", bad.toString(), "--jsonl", rows.toString()));
    assertThat(err)
        .contains(bad + " does not match the dataset at " + ds + " (branch main)")
        .contains("tensor 'i32': dtype: schema int64, dataset int32")
        .contains("tensor 'u8': sample_compression: schema lz4, dataset None")
        .contains("tensor 'u8': chunk_compression: schema None, dataset lz4")
        .contains("tensor 'js': htype: schema list, dataset json")
        .contains("tensor 'lbl': class_names: schema [dog], dataset [cat, dog, bird, fish]")
        .contains("tensor 'extra' is in the schema but not in the dataset")
        .contains("tensor 'f16' is in the dataset but not in the schema");
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.length()).isEqualTo(3);
    }
  }

  @Test
  void malformedLineIsReportedWithItsNumberAndNothingIsWritten() throws IOException {
    Path schema = write("schema.json", SCHEMA);
    Path rows = write("rows.jsonl", List.of("{\"i32\": 1}", "", "{\"i32\": 2,}", "{\"i32\": 3}"));
    String fresh = dir.resolve("fresh").toString();
    String err =
        fails(Cli.run("import", fresh, "--schema", schema.toString(), "--jsonl", rows.toString()));
    assertThat(err).startsWith("deeplake: " + rows + " line 3: malformed JSON: ");
    assertThat(Files.exists(dir.resolve("fresh"))).as("no dataset created").isFalse();

    String ds = dir.resolve("ds").toString();
    Path good = write("good.jsonl", List.of("{\"i32\": 1}"));
    ok(
        Cli.run(
            "import",
            ds,
            "--schema",
            schema.toString(),
            "--jsonl",
            good.toString(),
            "--commit",
            "c"));
    err =
        fails(
            Cli.run(
                "import",
                ds,
                "--schema",
                schema.toString(),
                "--jsonl",
                rows.toString(),
                "--commit",
                "never"));
    assertThat(err).contains(rows + " line 3: malformed JSON");
    Path twoValues = write("two.jsonl", List.of("{\"i32\": 1} {\"i32\": 2}"));
    assertThat(
            fails(
                Cli.run(
                    "import", ds, "--schema", schema.toString(), "--jsonl", twoValues.toString())))
        .contains(twoValues + " line 1: malformed JSON");
    Path dup = write("dup.jsonl", List.of("{\"i32\": 1, \"i32\": 2}"));
    assertThat(
            fails(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", dup.toString())))
        .contains(dup + " line 1: malformed JSON: Duplicate field 'i32'");
    Path array = write("array.jsonl", List.of("[1, 2]"));
    assertThat(
            fails(
                Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", array.toString())))
        .contains(array + " line 1: expected a JSON object {tensor: value}, got array [1,2]");
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.length()).isEqualTo(1);
      assertThat(d.hasHeadChanges()).isFalse();
      assertThat(d.log()).hasSize(2); // the creation's first commit, then --commit's
    }
  }

  @Test
  void valuesThatDoNotFitTheirTensorNameLineTensorAndType() throws IOException {
    Path schema = write("schema.json", SCHEMA);
    String ds = dir.resolve("ds").toString();
    String[][] cases = {
      {
        "{\"i32\": \"abc\"}",
        "tensor 'i32' (generic, int32): expected a number or nested arrays"
            + " of numbers, got string \"abc\""
      },
      {
        "{\"i32\": [1.5]}",
        "tensor 'i32' (generic, int32): expected integers (dtype int32)," + " found number 1.5"
      },
      {
        "{\"u8\": [1, 256]}", "tensor 'u8' (generic, uint8): 256 is out of range for uint8 [0, 255]"
      },
      {
        "{\"i32\": [[1, 2], [3]]}",
        "tensor 'i32' (generic, int32): nested arrays are not"
            + " rectangular: expected shape [2, 2]"
      },
      {"{\"flag\": [1]}", "tensor 'flag' (generic, bool): expected true or false"},
      {"{\"txt\": 5}", "tensor 'txt' (text): expected a string, got number 5"},
      {"{\"lst\": {\"a\": 1}}", "tensor 'lst' (list): expected an array, got object"},
      {
        "{\"lbl\": [\"cat\", 1.5]}",
        "tensor 'lbl' (class_label, uint32): expected class names or" + " label indices"
      },
      {"{\"img\": {\"base64\": \"@@@\"}}", "tensor 'img' (image): \"base64\" is not valid"},
      {"{\"img\": {\"png\": \"AAAA\"}}", "tensor 'img' (image): unknown key \"png\" in a file"},
      {"{\"nope\": 1}", "no tensor 'nope' in the schema (tensors: i32, f32, "},
    };
    for (String[] c : cases) {
      Path rows = write("rows.jsonl", List.of("{\"i32\": 1}", c[0]));
      String err =
          fails(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
      assertThat(err).as(c[0]).contains(rows + " line 2: " + c[1]);
      assertThat(Files.exists(dir.resolve("ds"))).as(c[0]).isFalse();
    }
  }

  @Test
  void aRowTheEngineRefusesRollsBackTheWholeImport() throws IOException {
    Path schema = write("schema.json", SCHEMA);
    String ds = dir.resolve("ds").toString();
    ok(
        Cli.run(
            "import",
            ds,
            "--schema",
            schema.toString(),
            "--jsonl",
            write("a.jsonl", rows()).toString()));
    String notPng =
        Base64.getEncoder().encodeToString("not a png".getBytes(StandardCharsets.UTF_8));
    Path rows =
        write(
            "b.jsonl",
            List.of(
                "{\"i32\": [[10]], \"txt\": \"kept?\"}",
                "{\"i32\": [[1]], \"txt\": \"x\"}",
                "{\"img\": {\"base64\": \"" + notPng + "\"}}"));
    String err =
        fails(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
    assertThat(err).contains(rows + " line 3: ").contains("(nothing was written)");
    // i32 holds 2-D samples: the engine refuses a 1-D one
    Path flat = write("c.jsonl", List.of("{\"i32\": [[10]]}", "{\"i32\": [1, 2]}"));
    assertThat(
            fails(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", flat.toString())))
        .contains(
            flat
                + " line 2: tensor 'i32': sample of shape [2] has 1 dimensions, the tensor's"
                + " samples have 2 (nothing was written)");
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.length()).isEqualTo(3);
      assertThat(d.tensor("txt").length()).isEqualTo(3);
      assertThat(d.tensor("i32").length()).isEqualTo(3);
    }
    // the same rows into a new dataset: it is removed again
    String fresh = dir.resolve("fresh").toString();
    assertThat(
            fails(
                Cli.run(
                    "import", fresh, "--schema", schema.toString(), "--jsonl", rows.toString())))
        .contains(rows + " line 3: ")
        .contains("(the new dataset was not created)");
    assertThat(Files.exists(dir.resolve("fresh"))).isFalse();
  }

  @Test
  void refBranchWritesThatBranchOnly() throws IOException {
    Path schema = write("schema.json", "{\"tensors\": [{\"name\": \"x\", \"dtype\": \"int64\"}]}");
    String ds = dir.resolve("ds").toString();
    String c1 =
        ok(Cli.run(
                "import",
                ds,
                "--schema",
                schema.toString(),
                "--jsonl",
                write("a.jsonl", List.of("{\"x\": 1}")).toString(),
                "--commit",
                "one"))
            .outLines()
            .get(0);
    ok(Cli.run("branch", ds, "alt"));
    Path two = write("b.jsonl", List.of("{\"x\": 2}", "{\"x\": 3}"));
    ok(
        Cli.run(
            "import",
            ds,
            "--ref",
            "alt",
            "--schema",
            schema.toString(),
            "--jsonl",
            two.toString()));
    ok(Cli.run("import", ds + "@alt", "--schema", schema.toString(), "--jsonl", two.toString()));
    try (Dataset main = Dataset.open(ds);
        Dataset alt = Dataset.open(ds, "alt")) {
      assertThat(main.tensor("x").length()).isEqualTo(1);
      assertThat(alt.tensor("x").length()).isEqualTo(5);
    }
    assertThat(
            fails(
                Cli.run(
                    "import",
                    ds,
                    "--ref",
                    "nope",
                    "--schema",
                    schema.toString(),
                    "--jsonl",
                    two.toString())))
        .contains("no branch or commit 'nope' (branches: main, alt)");
    assertThat(
            fails(
                Cli.run(
                    "import",
                    ds,
                    "--ref",
                    c1,
                    "--schema",
                    schema.toString(),
                    "--jsonl",
                    two.toString())))
        .contains("'" + c1 + "' is a commit, not a branch");
    assertThat(
            fails(
                Cli.run(
                    "import",
                    dir.resolve("new").toString(),
                    "--ref",
                    "alt",
                    "--schema",
                    schema.toString(),
                    "--jsonl",
                    two.toString())))
        .contains("a new dataset has only main");
  }

  @Test
  void tensorsNamedLikeLayoutFilesImportWhereTheyDoNotCollide() throws IOException {
    Path schema =
        write(
            "layout.json",
            "{\"tensors\": [{\"name\": \"versions\", \"dtype\": \"int64\"},"
                + " {\"name\": \"queries.json\", \"dtype\": \"int64\"}]}");
    Path rows = write("layout.jsonl", List.of("{\"versions\": 1, \"queries.json\": 2}"));
    // A new dataset stores its first commit at the root, next to the root file queries.json.
    Path fresh = dir.resolve("fresh");
    String err =
        fails(
            Cli.run(
                "import",
                fresh.toString(),
                "--schema",
                schema.toString(),
                "--jsonl",
                rows.toString()));
    assertThat(err).contains("tensor 'queries.json'").contains("collides with the dataset file");
    assertThat(fresh).doesNotExist();
    // After a commit the name is free: a dataset that has such a tensor takes the import.
    String ds = dir.resolve("committed").toString();
    try (Dataset d = Dataset.create(ds)) {
      d.createTensor("versions", org.deeplake4j.engine.TensorSpec.generic().withDtype("int64"));
      d.commit("first");
      d.createTensor("queries.json", org.deeplake4j.engine.TensorSpec.generic().withDtype("int64"));
    }
    ok(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.tensor("versions").numpy(0).getLong(0)).isEqualTo(1L);
      assertThat(d.tensor("queries.json").numpy(0).getLong(0)).isEqualTo(2L);
    }
  }

  @Test
  void schemaErrorsAreReportedBeforeAnythingIsWritten() throws IOException {
    String ds = dir.resolve("ds").toString();
    Path rows = write("rows.jsonl", List.of("{}"));
    String[][] cases = {
      {
        "{\"tensors\": [{\"name\": \"x\", \"htype\": \"nope\"}]}",
        "tensor 'x': unknown htype 'nope'"
      },
      {
        "{\"tensors\": [{\"name\": \"x\", \"dtype\": \"int33\"}]}",
        "tensor 'x': unknown dtype 'int33'"
      },
      {
        "{\"tensors\": [{\"name\": \"x\", \"sample_compression\": \"zip\"}]}",
        "unknown compression 'zip'"
      },
      {
        "{\"tensors\": [{\"name\": \"x\", \"dtype\": 5}]}",
        "tensor 'x': \"dtype\" must be a string or null"
      },
      {
        "{\"tensors\": [{\"name\": \"x\", \"compression\": \"png\"}]}",
        "tensors[0]: unknown key \"compression\""
      },
      {"{\"tensors\": [{\"htype\": \"text\"}]}", "tensors[0]: \"name\" (a string) is required"},
      {
        "{\"tensors\": [{\"name\": \"x\"}, {\"name\": \"x\"}]}",
        "tensor 'x' is defined more than once"
      },
      {"{\"tensor\": []}", "expected {\"tensors\": [{\"name\": ..., \"htype\": ...}, ...]}"},
      {"{\"tensors\": [}", "malformed JSON"},
    };
    for (String[] c : cases) {
      Path schema = write("schema.json", c[0]);
      String err =
          fails(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
      assertThat(err).as(c[0]).startsWith("deeplake: " + schema + ": ").contains(c[1]);
      assertThat(Files.exists(dir.resolve("ds"))).isFalse();
    }
    Path schema = write("schema.json", "{\"tensors\": [{\"name\": \"x\"}]}");
    Files.createDirectories(dir.resolve("occupied"));
    Files.writeString(dir.resolve("occupied/file.txt"), "mine");
    assertThat(
            fails(
                Cli.run(
                    "import",
                    dir.resolve("occupied").toString(),
                    "--schema",
                    schema.toString(),
                    "--jsonl",
                    rows.toString())))
        .contains("is a non-empty directory without a Deep Lake dataset");
    assertThat(Files.readString(dir.resolve("occupied/file.txt"))).isEqualTo("mine");
    assertThat(
            fails(
                Cli.run(
                    "import",
                    ds,
                    "--schema",
                    schema.toString(),
                    "--jsonl",
                    dir.resolve("missing.jsonl").toString())))
        .contains("cannot read rows " + dir.resolve("missing.jsonl") + ": no such file");
  }

  @Test
  void sequencesLinksTagsAndHiddenTensors() throws IOException {
    Path png = dir.resolve("p.png");
    Files.write(png, Images.encode(pixels(2), "png", "test"));
    Path schema =
        write(
            "schema.json",
            """
            {"tensors": [
              {"name": "seq", "htype": "sequence[generic]", "dtype": "int16"},
              {"name": "words", "htype": "sequence[text]"},
              {"name": "lnk", "htype": "link[image]", "sample_compression": "png"},
              {"name": "tags", "htype": "tag"},
              {"name": "secret", "dtype": "int8", "hidden": true}
            ]}
            """);
    Path rows =
        write(
            "rows.jsonl",
            List.of(
                "{\"seq\": [[1, 2], [3, 4], [5, 6]], \"words\": [\"a\", \"b\"], \"lnk\": \""
                    + png
                    + "\", \"tags\": \"one\", \"secret\": -3}",
                "{\"seq\": [], \"lnk\": {\"path\": \"" + png + "\"}, \"tags\": [\"x\", \"y\"]}",
                "{\"words\": [\"c\"]}"));
    String ds = dir.resolve("ds").toString();
    ok(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", rows.toString()));
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.tensorNames()).containsExactly("seq", "words", "lnk", "tags");
      Tensor seq = d.tensor("seq");
      assertThat(seq.length()).isEqualTo(3);
      assertThat(seq.sequenceRange(0)[1] - seq.sequenceRange(0)[0]).isEqualTo(3);
      assertThat(value(seq, 0).toString()) // compared as text: int and long nodes differ
          .isEqualTo(
              json("[{\"value\": [1, 2], \"shape\": [2]},"
                      + " {\"value\": [3, 4], \"shape\": [2]}, {\"value\": [5, 6], \"shape\": [2]}]")
                  .toString());
      assertThat(seq.itemNumpy(0).dtype()).isEqualTo(Dtype.INT16);
      assertThat(value(seq, 1)).isEqualTo(json("[]"));
      assertThat(value(d.tensor("words"), 0))
          .isEqualTo(json("[{\"value\": \"a\"}, {\"value\": \"b\"}]"));
      assertThat(value(d.tensor("words"), 2)).isEqualTo(json("[{\"value\": \"c\"}]"));
      Tensor lnk = d.tensor("lnk");
      assertThat(lnk.linkPath(0)).isEqualTo(png.toString());
      assertThat(lnk.numpy(1).toBytes()).isEqualTo(pixels(2).toBytes());
      assertThat(lnk.linkPath(2)).isEmpty();
      assertThat(value(d.tensor("tags"), 0)).isEqualTo(json("[\"one\"]"));
      assertThat(value(d.tensor("tags"), 1)).isEqualTo(json("[\"x\", \"y\"]"));
      Tensor secret = d.tensor("secret");
      assertThat(secret.isHidden()).isTrue();
      assertThat(secret.length()).as("hidden tensors are padded too").isEqualTo(3);
      assertThat(secret.numpy(0).toLongArray()).containsExactly(-3);
      assertThat(secret.numpy(1).isEmpty()).isTrue();
    }
    Path bad = write("bad.jsonl", List.of("{\"seq\": [[1], \"x\"]}", "{\"lnk\": 5}"));
    assertThat(
            fails(Cli.run("import", ds, "--schema", schema.toString(), "--jsonl", bad.toString())))
        .contains(
            bad
                + " line 1: tensor 'seq' (sequence[generic], int16): item 1: expected a"
                + " number or nested arrays of numbers, got string \"x\"");
  }

  @Test
  void doubleToHalfRoundsAsNumpy() {
    double[] in = {
      0,
      -0.0,
      1,
      1.5,
      65504,
      65519.99,
      65520,
      0.1,
      1e-8,
      5.960464477539063e-8,
      2.98023223876953125e-8,
      6.097555160522461e-5,
      Double.NaN,
      Double.NEGATIVE_INFINITY,
      1.0009765625,
      1.00048828125,
      1.00146484375
    };
    int[] want = {
      0x0000, 0x8000, 0x3c00, 0x3e00, 0x7bff, 0x7bff, 0x7c00, 0x2e66, 0x0000, 0x0001, 0x0000,
      0x03ff, 0x7e00, 0xfc00, 0x3c01, 0x3c00, 0x3c02
    };
    for (int i = 0; i < in.length; i++) {
      assertThat(org.deeplake4j.engine.types.SampleValues.doubleToHalf(in[i]) & 0xffff)
          .as("%s", in[i])
          .isEqualTo(want[i]);
    }
  }
}
