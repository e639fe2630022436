package org.deeplake4j.engine.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random schemas and random samples (dtypes, shapes, empty samples, long and unicode texts, nested
 * JSON, compressions, tiny chunks, commits in between) are written and read back equal.
 */
class WritePropertyTest {
  private static final Dtype[] DTYPES = {
    Dtype.BOOL,
    Dtype.INT8,
    Dtype.UINT8,
    Dtype.INT16,
    Dtype.UINT16,
    Dtype.INT32,
    Dtype.UINT32,
    Dtype.INT64,
    Dtype.UINT64,
    Dtype.FLOAT16,
    Dtype.FLOAT32,
    Dtype.FLOAT64
  };

  private record Column(String name, String kind, Dtype dtype, int ndim, List<Object> values) {}

  private static NdArray randomArray(Random r, Dtype dt, int ndim) {
    long[] shape = new long[ndim];
    for (int d = 0; d < ndim; d++) {
      shape[d] = r.nextInt(6);
    }
    int n = (int) NdArray.numElements(shape);
    byte[] b = new byte[n * dt.itemSize()];
    r.nextBytes(b);
    if (dt == Dtype.BOOL) {
      for (int i = 0; i < b.length; i++) {
        b[i] &= 1;
      }
    }
    if (dt == Dtype.FLOAT16 || dt == Dtype.FLOAT32 || dt == Dtype.FLOAT64) {
      ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        switch (dt) {
          case FLOAT16 -> bb.putShort(i * 2, (short) (r.nextInt(0x7800)));
          case FLOAT32 -> bb.putFloat(i * 4, (float) r.nextGaussian());
          default -> bb.putDouble(i * 8, r.nextGaussian() * 1e6);
        }
      }
    }
    return NdArray.of(dt, shape, b);
  }

  private static String randomText(Random r) {
    int len = r.nextInt(10) == 0 ? 2000 + r.nextInt(3000) : r.nextInt(30);
    StringBuilder sb = new StringBuilder();
    String alphabet = "abc xyz\u00e9\u00df\u65e5\u672c\ud83d\ude00\"\\\n\t";
    for (int i = 0; i < len; i++) {
      int k = r.nextInt(alphabet.length());
      char c = alphabet.charAt(k);
      if (Character.isHighSurrogate(c)) {
        sb.append(c).append(alphabet.charAt(k + 1));
      } else if (!Character.isLowSurrogate(c)) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static JsonNode randomJson(Random r, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (depth > 2 ? r.nextInt(4) : r.nextInt(6)) {
      case 0:
        return f.numberNode(r.nextInt());
      case 1:
        return f.textNode(randomText(r));
      case 2:
        return f.booleanNode(r.nextBoolean());
      case 3:
        return f.numberNode(r.nextDouble());
      case 4:
        {
          ArrayNode a = f.arrayNode();
          for (int i = r.nextInt(4); i > 0; i--) {
            a.add(randomJson(r, depth + 1));
          }
          return a;
        }
      default:
        {
          ObjectNode o = f.objectNode();
          for (int i = r.nextInt(4); i > 0; i--) {
            o.set("k" + r.nextInt(100) + randomText(r).replace("\\", ""), randomJson(r, depth + 1));
          }
          return o;
        }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomDatasetsRoundTrip(long seed) {
    Random r = new Random(seed);
    List<Column> cols = new ArrayList<>();
    MemoryStorage storage = new MemoryStorage("prop" + seed);
    try (Dataset ds = Dataset.create(storage, false)) {
      int ntensors = 1 + r.nextInt(5);
      for (int t = 0; t < ntensors; t++) {
        String name = (r.nextBoolean() ? "g" + r.nextInt(2) + "/" : "") + "t" + t;
        int kind = r.nextInt(4);
        TensorSpec spec;
        Column c;
        switch (kind) {
          case 0 -> {
            Dtype dt = DTYPES[r.nextInt(DTYPES.length)];
            int ndim = 1 + r.nextInt(3);
            spec = TensorSpec.generic().withDtype(dt).withMaxChunkSize(64 + r.nextInt(512));
            spec =
                switch (r.nextInt(3)) {
                  case 0 -> spec.withChunkCompression("lz4");
                  case 1 -> spec.withSampleCompression("lz4");
                  default -> spec;
                };
            if (r.nextInt(4) == 0) {
              spec = spec.withTilingThreshold(40);
            }
            c = new Column(name, "array", dt, ndim, new ArrayList<>());
          }
          case 1 -> {
            spec = TensorSpec.of("text").withMaxChunkSize(128 + r.nextInt(2048));
            if (r.nextBoolean()) {
              spec = spec.withChunkCompression("lz4");
            }
            c = new Column(name, "text", null, 1, new ArrayList<>());
          }
          case 2 -> {
            spec = TensorSpec.of("json");
            if (r.nextBoolean()) {
              spec = spec.withSampleCompression("lz4");
            }
            c = new Column(name, "json", null, 1, new ArrayList<>());
          }
          default -> {
            spec = TensorSpec.of("list").withMaxChunkSize(100);
            c = new Column(name, "list", null, 1, new ArrayList<>());
          }
        }
        ds.createTensor(name, spec);
        cols.add(c);
      }
      int rows = r.nextInt(60);
      for (int i = 0; i < rows; i++) {
        for (Column c : cols) {
          Object v =
              switch (c.kind()) {
                case "array" -> r.nextInt(8) == 0 ? null : randomArray(r, c.dtype(), c.ndim());
                case "text" -> randomText(r);
                case "json" -> randomJson(r, 0).isObject() ? randomJson(r, 3) : randomJson(r, 0);
                default -> {
                  ArrayNode a = JsonNodeFactory.instance.arrayNode();
                  for (int k = r.nextInt(4); k > 0; k--) {
                    a.add(randomText(r));
                  }
                  yield a;
                }
              };
          ds.tensor(c.name()).append(v);
          c.values().add(v);
        }
        if (r.nextInt(25) == 0) {
          ds.commit("commit at row " + i, true);
        }
      }
    }
    try (Dataset ds = Dataset.open(storage, org.deeplake4j.engine.OpenOptions.defaults())) {
      for (Column c : cols) {
        Tensor t = ds.tensor(c.name());
        assertThat(t.length()).as(c.name()).isEqualTo(c.values().size());
        for (int i = 0; i < c.values().size(); i++) {
          Object v = c.values().get(i);
          String where = "seed " + "/" + c.name() + "[" + i + "]";
          switch (c.kind()) {
            case "array" -> {
              NdArray got = t.numpy(i);
              if (v == null) {
                assertThat(got.isEmpty()).as(where).isTrue();
              } else {
                NdArray exp = (NdArray) v;
                assertThat(got.shape()).as(where).containsExactly(exp.shape());
                assertThat(got.toBytes()).as(where).isEqualTo(exp.toBytes());
              }
            }
            case "text" -> assertThat(t.text(i)).as(where).isEqualTo(v);
            default -> assertThat(t.json(i)).as(where).isEqualTo(v);
          }
        }
        assertThat(Arrays.stream(t.meta().minShape()).allMatch(x -> x >= 0)).isTrue();
      }
    }
  }
}
