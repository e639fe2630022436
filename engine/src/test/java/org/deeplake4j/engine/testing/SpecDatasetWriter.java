package org.deeplake4j.engine.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.storage.Storage;

/**
 * A test-only writer of Deep Lake 3.x datasets at the first commit (files at the root), following
 * DEEPLAKE_V3_FORMAT.md byte for byte: chunks (§3.3: version prefix, run-length shape table,
 * run-length byte-position table, data region; lz4 chunk compression per §4.6.1), the chunk-id
 * encoder (§3.4, width 8), {@code tensor_meta.json} (§2.3) and {@code dataset_meta.json} (§2.2). It
 * writes no companion tensors and no version_control_info.json (the §8.1 minimal set), which is
 * what the engine's read path needs. The engine has no write path yet; benchmarks and tests use
 * this to build realistic datasets in any {@link Storage}.
 */
public final class SpecDatasetWriter {
  /** The version string written into every chunk, encoder and meta file. */
  public static final String VERSION = "3.9.52";

  private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

  /**
   * The raw content of one chunk: per-sample shapes, per-sample byte counts and the densely packed
   * uncompressed sample bytes ({@code data[0, sum(sizes))}).
   */
  public record ChunkData(long[][] shapes, int[] sizes, byte[] data) {
    public int numSamples() {
      return sizes.length;
    }

    /** Number of data bytes (uncompressed). */
    public int dataLength() {
      int n = 0;
      for (int s : sizes) {
        n += s;
      }
      return n;
    }
  }

  /**
   * A tensor to write.
   *
   * @param name key and name
   * @param htype base htype ({@code generic}, {@code text}, ...)
   * @param dtype numpy dtype name, or {@code str} for text
   * @param chunkCompression null or {@code lz4}
   * @param chunks the chunks in sample order
   */
  public record TensorData(
      String name, String htype, String dtype, String chunkCompression, List<ChunkData> chunks) {}

  private final Storage storage;
  private final SplittableRandom ids;
  private final List<String> tensors = new ArrayList<>();

  /** Writes into {@code storage}; chunk ids come from a generator seeded with {@code seed}. */
  public SpecDatasetWriter(Storage storage, long seed) {
    this.storage = storage;
    this.ids = new SplittableRandom(seed);
  }

  /** Writes a tensor's chunks, chunk-id encoder and meta; returns the chunk keys in order. */
  public List<String> writeTensor(TensorData t) {
    int n = t.chunks().size();
    long[] chunkIds = new long[n];
    long[] lasts = new long[n];
    List<String> keys = new ArrayList<>();
    long total = 0;
    long[] min = null;
    long[] max = null;
    for (int i = 0; i < n; i++) {
      ChunkData c = t.chunks().get(i);
      // Like Python's uuid4().int >> 64: a random 64-bit id; the name is its hex without zeros.
      chunkIds[i] = ids.nextLong();
      total += c.numSamples();
      lasts[i] = total - 1;
      String key = t.name() + "/chunks/" + Long.toHexString(chunkIds[i]);
      storage.put(key, chunk(c, "lz4".equals(t.chunkCompression())));
      keys.add(key);
      for (long[] s : c.shapes()) {
        if (min == null) {
          min = s.clone();
          max = s.clone();
        }
        for (int d = 0; d < s.length; d++) {
          min[d] = Math.min(min[d], s[d]);
          max[d] = Math.max(max[d], s[d]);
        }
      }
    }
    storage.put(t.name() + "/chunks_index/unsharded", chunkIdEncoder(chunkIds, lasts));
    storage.put(
        t.name() + "/tensor_meta.json",
        tensorMeta(t, total, min == null ? new long[0] : min, max == null ? new long[0] : max));
    tensors.add(t.name());
    return keys;
  }

  /** Writes {@code dataset_meta.json} listing every tensor written so far. */
  public void finish() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("allow_delete", true);
    ObjectNode idx = o.putArray("default_index").addObject();
    idx.putNull("start");
    idx.putNull("step");
    idx.putNull("stop");
    o.putArray("groups");
    o.putArray("hidden_tensors");
    ObjectNode names = o.putObject("tensor_names");
    ArrayNode list = o.putArray("tensors");
    for (String t : tensors) {
      names.put(t, t);
      list.add(t);
    }
    o.put("version", VERSION);
    storage.put("dataset_meta.json", json(o));
  }

  private static byte[] json(ObjectNode o) {
    // Python writes sort_keys=True; any valid JSON is accepted on read (§2.1).
    return Json.write(sorted(o)).getBytes(StandardCharsets.UTF_8);
  }

  private static ObjectNode sorted(ObjectNode o) {
    Map<String, com.fasterxml.jackson.databind.JsonNode> m = new TreeMap<>();
    o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    m.forEach(out::set);
    return out;
  }

  private static byte[] tensorMeta(TensorData t, long length, long[] min, long[] max) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("chunk_compression", t.chunkCompression());
    o.put("dtype", t.dtype());
    o.put("hidden", false);
    o.put("htype", t.htype());
    o.put("is_link", false);
    o.put("is_sequence", false);
    o.put("length", length);
    o.putObject("links");
    o.putNull("max_chunk_size");
    ArrayNode mx = o.putArray("max_shape");
    Arrays.stream(max).forEach(mx::add);
    ArrayNode mn = o.putArray("min_shape");
    Arrays.stream(min).forEach(mn::add);
    o.put("name", t.name());
    o.putNull("sample_compression");
    o.putNull("tiling_threshold");
    o.putNull("typestr");
    o.put("verify", true);
    o.put("version", VERSION);
    if ("text".equals(t.htype()) || "embedding".equals(t.htype())) {
      o.putArray("vdb_indexes");
    }
    return json(o);
  }

  private static void putVersion(ByteBuffer b) {
    byte[] v = VERSION.getBytes(StandardCharsets.US_ASCII);
    b.put((byte) v.length).put(v);
  }

  /** The chunk-id encoder (§3.4): version, width byte 8, uint64 rows {@code [id, last]}. */
  public static byte[] chunkIdEncoder(long[] chunkIds, long[] lasts) {
    ByteBuffer b =
        ByteBuffer.allocate(1 + VERSION.length() + 1 + 16 * chunkIds.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    putVersion(b);
    b.put((byte) 8);
    for (int i = 0; i < chunkIds.length; i++) {
      b.putLong(chunkIds[i]).putLong(lasts[i]);
    }
    return b.array();
  }

  /**
   * A chunk file (§3.3.1): shape rows {@code [dims..., last]} merging runs of equal shapes,
   * byte-position rows {@code [num_bytes, start, last]} merging runs of equal sizes (offsets into
   * the uncompressed data), then the data region, lz4-compressed as one block if asked (§4.6.1).
   */
  public static byte[] chunk(ChunkData c, boolean lz4) {
    int n = c.numSamples();
    int ndim = n == 0 ? 0 : c.shapes()[0].length;
    List<long[]> shapeRows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] s = c.shapes()[i];
      long[] prev = shapeRows.isEmpty() ? null : shapeRows.get(shapeRows.size() - 1);
      if (prev != null && Arrays.equals(prev, 0, ndim, s, 0, ndim)) {
        prev[ndim] = i;
      } else {
        long[] row = Arrays.copyOf(s, ndim + 1);
        row[ndim] = i;
        shapeRows.add(row);
      }
    }
    List<long[]> byteRows = new ArrayList<>();
    long start = 0;
    for (int i = 0; i < n; i++) {
      int size = c.sizes()[i];
      long[] prev = byteRows.isEmpty() ? null : byteRows.get(byteRows.size() - 1);
      if (prev != null && prev[0] == size) {
        prev[2] = i;
      } else {
        byteRows.add(new long[] {size, start, i});
      }
      start += size;
    }
    int rawLen = (int) start;
    byte[] region;
    if (!lz4) {
      region = Arrays.copyOf(c.data(), rawLen);
    } else if (rawLen == 0) {
      region = new byte[0];
    } else {
      int maxLen = LZ4.maxCompressedLength(rawLen);
      region = new byte[4 + maxLen];
      ByteBuffer.wrap(region).order(ByteOrder.LITTLE_ENDIAN).putInt(rawLen);
      int len = LZ4.compress(c.data(), 0, rawLen, region, 4, maxLen);
      region = Arrays.copyOf(region, 4 + len);
    }
    int sCols = shapeRows.isEmpty() ? 0 : ndim + 1;
    int header = 1 + VERSION.length() + 8 + 4 * shapeRows.size() * sCols + 4 + 12 * byteRows.size();
    ByteBuffer b = ByteBuffer.allocate(header + region.length).order(ByteOrder.LITTLE_ENDIAN);
    putVersion(b);
    b.putInt(shapeRows.size()).putInt(sCols);
    for (long[] row : shapeRows) {
      for (long v : row) {
        b.putInt((int) v);
      }
    }
    b.putInt(byteRows.size());
    for (long[] row : byteRows) {
      for (long v : row) {
        b.putInt((int) v);
      }
    }
    b.put(region);
    return b.array();
  }

  // ---------------------------------------------------------------- sample generators

  /** Chunks of {@code perChunk} fixed-shape float32 samples from {@code values}. */
  public static List<ChunkData> fixedFloat32(float[] values, long[] shape, int perChunk) {
    int elems = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
    int samples = values.length / elems;
    List<ChunkData> out = new ArrayList<>();
    for (int first = 0; first < samples; first += perChunk) {
      int n = Math.min(perChunk, samples - first);
      ByteBuffer b = ByteBuffer.allocate(n * elems * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values, first * elems, n * elems);
      long[][] shapes = new long[n][];
      Arrays.fill(shapes, shape);
      int[] sizes = new int[n];
      Arrays.fill(sizes, elems * 4);
      out.add(new ChunkData(shapes, sizes, b.array()));
    }
    return out;
  }

  /** 1-D int32 samples (any lengths, 0 for an empty sample), {@code perChunk} per chunk. */
  public static List<ChunkData> int32Samples(int[][] samples, int perChunk) {
    List<ChunkData> out = new ArrayList<>();
    for (int first = 0; first < samples.length; first += perChunk) {
      int n = Math.min(perChunk, samples.length - first);
      long[][] shapes = new long[n][];
      int[] sizes = new int[n];
      int bytes = 0;
      for (int i = 0; i < n; i++) {
        int len = samples[first + i].length;
        shapes[i] = new long[] {len};
        sizes[i] = 4 * len;
        bytes += sizes[i];
      }
      ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        for (int v : samples[first + i]) {
          b.putInt(v);
        }
      }
      out.add(new ChunkData(shapes, sizes, b.array()));
    }
    return out;
  }

  /** Text samples (UTF-8, shape (1,) each, §8.2 rule 15), {@code perChunk} per chunk. */
  public static List<ChunkData> text(String[] samples, int perChunk) {
    List<ChunkData> out = new ArrayList<>();
    long[] one = {1};
    for (int first = 0; first < samples.length; first += perChunk) {
      int n = Math.min(perChunk, samples.length - first);
      long[][] shapes = new long[n][];
      Arrays.fill(shapes, one);
      int[] sizes = new int[n];
      byte[][] enc = new byte[n][];
      int bytes = 0;
      for (int i = 0; i < n; i++) {
        enc[i] = samples[first + i].getBytes(StandardCharsets.UTF_8);
        sizes[i] = enc[i].length;
        bytes += sizes[i];
      }
      byte[] data = new byte[bytes];
      int off = 0;
      for (byte[] e : enc) {
        System.arraycopy(e, 0, data, off, e.length);
        off += e.length;
      }
      out.add(new ChunkData(shapes, sizes, data));
    }
    return out;
  }

  /**
   * Quantised normal floats {@code round(N(0,1) * 64) / 64}: lz4 ratio about 2 (BUILD_NOTES §7).
   */
  public static float[] quantisedNormal(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.round(r.nextGaussian() * 64) / 64f;
    }
    return v;
  }

  /** Uniform floats in [0, 1) (incompressible mantissas). */
  public static float[] uniform(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextDouble();
    }
    return v;
  }

  /** 1-D int32 samples of random length {@code 1..maxLen}. */
  public static int[][] randomInt32(int n, int maxLen, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[][] out = new int[n][];
    for (int i = 0; i < n; i++) {
      int[] s = new int[1 + r.nextInt(maxLen)];
      for (int j = 0; j < s.length; j++) {
        s[j] = r.nextInt();
      }
      out[i] = s;
    }
    return out;
  }

  /**
   * Strings of 40-60 characters: mostly ASCII, every fourth with some 2-, 3- and 4-byte UTF-8
   * characters.
   */
  public static String[] randomText(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    String ascii = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;-";
    String[] wide = {"é", "ü", "ß", "ø", "日", "本", "語", "\uD83D\uDE00"};
    String[] out = new String[n];
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < n; i++) {
      sb.setLength(0);
      int len = 40 + r.nextInt(21);
      boolean unicode = i % 4 == 3;
      while (sb.length() < len) {
        if (unicode && r.nextInt(8) == 0) {
          sb.append(wide[r.nextInt(wide.length)]);
        } else {
          sb.append(ascii.charAt(r.nextInt(ascii.length())));
        }
      }
      out[i] = sb.toString();
    }
    return out;
  }
}
