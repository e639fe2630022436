package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.ExpectedChecker;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop the other way: the Java engine writes datasets covering every dtype, htype and
 * compression, tiling, sequences, links, groups and padding; Python deeplake 3.9.52 opens each,
 * must read exactly what Java reads (value for value), passes its integrity check, appends a row
 * and commits on top; Java then reads Python's result exactly as Python reports it.
 */
class JavaWrittenDatasetsTest {
  @TempDir static Path out;

  private static final Random RNG = new Random(42);

  private static NdArray array(Dtype dt, long... shape) {
    int n = (int) NdArray.numElements(shape);
    ByteBuffer b = ByteBuffer.allocate(n * dt.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      switch (dt) {
        case BOOL -> b.put((byte) RNG.nextInt(2));
        case INT8, UINT8 -> b.put((byte) RNG.nextInt());
        case INT16, UINT16 -> b.putShort((short) RNG.nextInt());
        case FLOAT16 -> b.putShort((short) (0x3c00 + RNG.nextInt(0x400)));
        case INT32, UINT32 -> b.putInt(RNG.nextInt());
        case INT64, UINT64 -> b.putLong(RNG.nextLong());
        case FLOAT32 -> b.putFloat((float) RNG.nextGaussian());
        case FLOAT64 -> b.putDouble(RNG.nextGaussian());
        default -> throw new IllegalArgumentException(dt.toString());
      }
    }
    return NdArray.of(dt, shape, b.array());
  }

  private static NdArray pixels(long h, long w, long c) {
    byte[] b = new byte[(int) (h * w * c)];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ((i * 7 + h * 3) % 251);
    }
    return NdArray.of(Dtype.UINT8, new long[] {h, w, c}, b);
  }

  private static void write(String name, Consumer<Dataset> body) {
    Path dir = out.resolve(name).resolve("dataset");
    try (Dataset ds = Dataset.create(dir.toString())) {
      body.accept(ds);
    }
  }

  private static void writeCases() throws IOException {
    write(
        "all_dtypes",
        ds -> {
          Dtype[] dts = {
            Dtype.BOOL, Dtype.INT8, Dtype.UINT8, Dtype.INT16, Dtype.UINT16, Dtype.INT32,
            Dtype.UINT32, Dtype.INT64, Dtype.UINT64, Dtype.FLOAT16, Dtype.FLOAT32, Dtype.FLOAT64
          };
          for (Dtype dt : dts) {
            Tensor fixed =
                ds.createTensor(
                    "fixed_" + dt.numpyName(),
                    TensorSpec.generic().withDtype(dt).withMaxChunkSize(512));
            Tensor dyn =
                ds.createTensor("dyn_" + dt.numpyName(), TensorSpec.generic().withDtype(dt));
            Tensor scalar =
                ds.createTensor("scalar_" + dt.numpyName(), TensorSpec.generic().withDtype(dt));
            for (int i = 0; i < 12; i++) {
              fixed.append(array(dt, 3, 4));
              dyn.append(i == 5 ? null : array(dt, 1 + i % 3, 2 + i % 4));
              scalar.append(array(dt, 1));
            }
          }
          Tensor inferred = ds.createTensor("inferred", TensorSpec.generic());
          for (int i = 0; i < 12; i++) {
            inferred.append(new double[] {i, i / 2.0});
          }
        });
    write(
        "htypes",
        ds -> {
          Tensor png = ds.createTensor("png", TensorSpec.of("image").withSampleCompression("png"));
          Tensor jpg = ds.createTensor("jpg", TensorSpec.of("image").withSampleCompression("jpeg"));
          Tensor gray =
              ds.createTensor("gray", TensorSpec.of("image.gray").withSampleCompression("png"));
          Tensor rgb =
              ds.createTensor("rgb", TensorSpec.of("image.rgb").withSampleCompression("png"));
          Tensor lbl =
              ds.createTensor(
                  "labels", TensorSpec.of("class_label").withClassNames(List.of("a", "b")));
          Tensor multi = ds.createTensor("multi", TensorSpec.of("class_label"));
          Tensor bbox = ds.createTensor("boxes", TensorSpec.of("bbox"));
          Tensor bbox3 = ds.createTensor("boxes3d", TensorSpec.of("bbox.3d"));
          Tensor intr = ds.createTensor("intr", TensorSpec.of("intrinsics"));
          Tensor seg =
              ds.createTensor("seg", TensorSpec.of("segment_mask").withSampleCompression("lz4"));
          Tensor mask = ds.createTensor("mask", TensorSpec.of("binary_mask"));
          Tensor inst = ds.createTensor("inst", TensorSpec.of("instance_label"));
          Tensor kp = ds.createTensor("kp", TensorSpec.of("keypoints_coco"));
          Tensor pt = ds.createTensor("pt", TensorSpec.of("point"));
          Tensor emb = ds.createTensor("emb", TensorSpec.of("embedding"));
          Tensor txt = ds.createTensor("txt", TensorSpec.of("text"));
          Tensor js = ds.createTensor("js", TensorSpec.of("json"));
          Tensor lst = ds.createTensor("lst", TensorSpec.of("list"));
          Tensor tag = ds.createTensor("tag", TensorSpec.of("tag"));
          Tensor canvas =
              ds.createTensor("canvas", TensorSpec.of("image").withChunkCompression("png"));
          Tensor poly = ds.createTensor("poly", TensorSpec.of("polygon"));
          for (int i = 0; i < 8; i++) {
            png.append(pixels(5 + i, 6 + i, 3));
            jpg.append(
                i == 3
                    ? Samples.file(Images.encode(pixels(8, 8, 3), "jpeg", "t"), "jpeg")
                    : pixels(8, 9, 3));
            gray.append(
                NdArray.of(Dtype.UINT8, new long[] {4, 3 + i}, pixels(4, 3 + i, 1).toBytes()));
            rgb.append(pixels(3, 3, 3));
            lbl.append(i % 2 == 0 ? (Object) (i % 2) : "c" + (i % 3));
            multi.append(i == 2 ? null : List.of(i % 3, (i + 1) % 3));
            bbox.append(array(Dtype.FLOAT32, i % 3, 4));
            bbox3.append(array(Dtype.FLOAT32, 1, 9));
            intr.append(array(Dtype.FLOAT32, 1, 3, 3));
            seg.append(array(Dtype.UINT32, 4, 4));
            mask.append(array(Dtype.BOOL, 3, 3, 2));
            inst.append(array(Dtype.UINT32, 2));
            kp.append(array(Dtype.INT32, 9, 2));
            pt.append(array(Dtype.INT32, 2, 2));
            emb.append(array(Dtype.FLOAT32, 16));
            txt.append(i == 4 ? "" : "text \u00e9\u65e5\ud83d\ude00 " + i);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("i", i);
            j.put("name", "n" + i);
            j.put("nested", Map.of("list", List.of(1, 2.5, "x"), "none", Map.of()));
            js.append(i == 6 ? null : j);
            lst.append(i == 1 ? List.of() : List.of("x" + i, "y"));
            tag.append(i % 2 == 0 ? "single" : List.of("t1", "t2"));
            canvas.append(i == 5 ? null : pixels(4 + i % 3, 3 + i, 3));
            List<Object> polygons = new ArrayList<>();
            for (int k = 0; k < i % 3; k++) {
              polygons.add(array(Dtype.FLOAT32, 3 + k, 2));
            }
            poly.append(polygons);
          }
          ds.setInfo(Map.of("description", "written by deeplake4j", "version", 1));
        });
    write(
        "compression",
        ds -> {
          Tensor a =
              ds.createTensor(
                  "lz4_chunk_f32",
                  TensorSpec.generic()
                      .withDtype("float32")
                      .withChunkCompression("lz4")
                      .withMaxChunkSize(2048));
          Tensor b =
              ds.createTensor(
                  "lz4_sample_i16",
                  TensorSpec.generic().withDtype("int16").withSampleCompression("lz4"));
          Tensor c = ds.createTensor("lz4_text", TensorSpec.of("text").withChunkCompression("lz4"));
          Tensor d =
              ds.createTensor("lz4_json", TensorSpec.of("json").withSampleCompression("lz4"));
          Tensor e = ds.createTensor("lz4_list", TensorSpec.of("list").withChunkCompression("lz4"));
          for (int i = 0; i < 40; i++) {
            a.append(array(Dtype.FLOAT32, 8, 4));
            b.append(i % 7 == 0 ? null : array(Dtype.INT16, 1 + i % 5));
            c.append("compressible text " + "ab".repeat(i));
            d.append(Map.of("k", i, "v", "w".repeat(i % 4)));
            e.append(List.of(i, "s"));
          }
        });
    write(
        "tiling",
        ds -> {
          Tensor raw =
              ds.createTensor(
                  "raw", TensorSpec.generic().withDtype("uint16").withTilingThreshold(400));
          Tensor img =
              ds.createTensor(
                  "img",
                  TensorSpec.of("image").withSampleCompression("png").withTilingThreshold(600));
          Tensor lz =
              ds.createTensor(
                  "lz",
                  TensorSpec.generic()
                      .withDtype("float32")
                      .withChunkCompression("lz4")
                      .withTilingThreshold(500));
          for (int i = 0; i < 4; i++) {
            raw.append(array(Dtype.UINT16, i % 2 == 0 ? 3 : 20, i % 2 == 0 ? 4 : 17));
            img.append(pixels(i % 2 == 0 ? 4 : 30, i % 2 == 0 ? 4 : 25, 3));
            lz.append(array(Dtype.FLOAT32, i % 2 == 0 ? 2 : 31, 9));
          }
        });
    write(
        "sequences",
        ds -> {
          Tensor s = ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
          Tensor si =
              ds.createTensor(
                  "seq_img", TensorSpec.of("sequence[image]").withSampleCompression("png"));
          for (int i = 0; i < 6; i++) {
            List<Object> items = new ArrayList<>();
            List<Object> imgs = new ArrayList<>();
            for (int k = 0; k < i % 4; k++) {
              items.add(array(Dtype.INT32, 2));
              imgs.add(pixels(3 + k, 4, 3));
            }
            s.append(items);
            si.append(imgs);
          }
        });
    Path files = out.resolve("links").resolve("files");
    Files.createDirectories(files);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path f = files.resolve("img" + i + ".png");
      Files.write(f, Images.encode(pixels(6 + i, 7, 3), "png", "file"));
      paths.add(f.toString());
    }
    write(
        "links",
        ds -> {
          Tensor l =
              ds.createTensor("lnk", TensorSpec.of("link[image]").withSampleCompression("png"));
          for (int i = 0; i < 5; i++) {
            l.append(i == 3 ? null : Samples.link(paths.get(i % 3)));
          }
        });
    write(
        "groups_padding",
        ds -> {
          ds.createTensor("top", TensorSpec.generic().withDtype("int64"));
          ds.createTensor("g/a", TensorSpec.of("text"));
          ds.createTensor("g/h/b", TensorSpec.generic().withDtype("float64").withMaxChunkSize(256));
          ds.createGroup("empty/group");
          for (int i = 0; i < 30; i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("top", (long) i);
            if (i % 4 != 1) {
              row.put("g/a", "v" + i);
            }
            if (i % 3 != 0) {
              row.put("g/h/b", new double[] {i, i * 0.5, -i});
            }
            ds.append(row);
          }
          ds.tensor("top").append(99L);
        });
  }

  private static void writeEditCases() {
    write(
        "edits",
        ds -> {
          ds.createTensor("v", TensorSpec.generic().withDtype("int32").withMaxChunkSize(64));
          ds.createTensor("t", TensorSpec.of("text"));
          ds.createTensor("img", TensorSpec.of("image").withSampleCompression("png"));
          for (int i = 0; i < 24; i++) {
            ds.append(Map.of("v", new int[] {i, -i}, "t", "s" + i, "img", pixels(3, 4 + i % 3, 3)));
          }
          ds.tensor("v").update(5, new int[] {50, 51, 52});
          ds.tensor("t").update(0, "updated \u00e9");
          ds.tensor("img").update(2, pixels(6, 6, 3));
          ds.pop(7);
          ds.pop(0);
          ds.tensor("v").pop(21);
          ds.rechunk();
        });
    write(
        "leading_empty",
        ds -> {
          Tensor a = ds.createTensor("a", TensorSpec.generic().withDtype("int16"));
          Tensor b = ds.createTensor("b", TensorSpec.generic());
          a.append(null);
          a.append(null);
          a.append(array(Dtype.INT16, 2, 3));
          a.append(null);
          b.append(null);
          b.append(new double[] {1, 2});
          b.append(null);
        });
    write(
        "history",
        ds -> {
          ds.createTensor("x", TensorSpec.generic().withDtype("int64").withMaxChunkSize(64));
          ds.createTensor("t", TensorSpec.of("text"));
          ds.createTensor("lbl", TensorSpec.of("class_label").withClassNames(List.of("a", "b")));
          for (int i = 0; i < 12; i++) {
            ds.append(Map.of("x", (long) i, "t", "r" + i, "lbl", i % 2));
          }
          ds.commit("twelve rows");
          ds.append(Map.of("x", 12L, "t", "r12", "lbl", "c"));
          ds.tensor("x").update(3, 300L);
          ds.pop(1);
          ds.commit("append, update, pop");
          ds.checkout("alt", true);
          ds.tensor("t").update(0, "alt edit");
          ds.createTensor("alt_only", TensorSpec.generic().withDtype("float32"));
          for (int i = 0; i < 3; i++) {
            ds.tensor("alt_only").append(new float[] {i, i + 0.5f});
          }
          ds.commit("on alt");
          ds.tensor("x").append(99L);
          ds.checkout("main");
          ds.append(Map.of("x", 13L, "t", "uncommitted", "lbl", 1));
          ds.tensor("t").update(2, "uncommitted edit");
        });
    write(
        "rename_delete_info",
        ds -> {
          ds.createTensor("g/a", TensorSpec.generic().withDtype("int32"));
          ds.createTensor("b", TensorSpec.of("text"));
          ds.createTensor("c", TensorSpec.of("class_label").withClassNames(List.of("p", "q")));
          for (int i = 0; i < 4; i++) {
            ds.append(Map.of("g/a", new int[] {i}, "b", "x" + i, "c", i % 2));
          }
          ds.commit("base");
          ds.renameTensor("g/a", "g/z");
          ds.deleteTensor("b");
          ds.createTensor("b", TensorSpec.generic().withDtype("float64"));
          ds.tensor("b").append(2.5);
          ds.updateInfo(Map.of("k", 1, "name", "renames"));
          ds.tensor("g/z").updateInfo(Map.of("note", "renamed"));
          ds.tensor("c").append("r");
          ds.commit("renames and deletes");
          ds.createTensor("fresh", TensorSpec.of("text"));
          ds.tensor("fresh").append("only at head");
          ds.renameTensor("fresh", "fresh2");
        });
    Path copy = out.resolve("python_history_java_edits").resolve("dataset");
    Fixtures.copyTree(Fixtures.v3Fixtures().resolve("version_control/dataset"), copy);
    try (Dataset ds = Dataset.openWritable(copy.toString())) {
      Tensor num = ds.tensor("num");
      NdArray last = num.numpy(num.length() - 1);
      num.update(0, last);
      ds.pop(2);
      ds.tensor("note").update(1, "edited by java");
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("num", last);
      row.put("note", "appended by java");
      ds.append(row);
    }
  }

  @TestFactory
  List<DynamicNode> pythonReadsExtendsAndCommitsWhatJavaWrote() throws IOException {
    writeCases();
    writeEditCases();
    List<Path> cases;
    try (var s = Files.list(out)) {
      cases = s.filter(p -> Files.isDirectory(p.resolve("dataset"))).sorted().toList();
    }
    for (Path c : cases) {
      Files.write(
          c.resolve("java_expected.json"),
          Json.MAPPER.writeValueAsBytes(Records.expectedDocument(c.resolve("dataset").toString())));
    }
    String report = PythonDeeplake.run(900, "verify_java_written.py", out.toString());
    assertThat(report).isNotBlank();
    List<DynamicNode> tests = new ArrayList<>();
    for (Path c : cases) {
      Path after = c.resolve("python_after");
      assertThat(after.resolve("expected.json")).as("Python's result for %s", c).exists();
      tests.add(
          ExpectedChecker.tests(
              c.getFileName() + " after Python appended and committed",
              after.resolve("dataset"),
              Fixtures.readJson(after.resolve("expected.json"))));
    }
    return tests;
  }
}
