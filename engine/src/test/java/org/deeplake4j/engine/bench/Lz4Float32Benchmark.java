package org.deeplake4j.engine.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.testing.SpecDatasetWriter;
import org.deeplake4j.engine.testing.SpecDatasetWriter.TensorData;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * lz4 chunk-compressed float32: 2 chunks of 16 MiB uncompressed (32768 samples of 128 floats),
 * quantised normal values {@code round(N(0,1)*64)/64}, compressed as one lz4 block per chunk (about
 * 2:1). One operation reads the whole tensor; references decompress the same blocks with lz4-java's
 * native {@code safeDecompressor()} directly. Handles are opened per op as in {@link
 * Float32DecodeBenchmark}, so every op fetches and decompresses both chunks once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Lz4Float32Benchmark {
  static final int ELEMS = 128;
  static final int PER_CHUNK = 32768;
  static final int CHUNKS = 2;
  static final int CHUNK_FLOATS = ELEMS * PER_CHUNK;
  static final int CHUNK_BYTES = 4 * CHUNK_FLOATS;
  static final int SAMPLES = PER_CHUNK * CHUNKS;
  static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

  @Param({"memory", "local"})
  public String storage;

  private BenchStorage store;
  private final OpenOptions options = OpenOptions.defaults();
  private List<String> keys;
  private byte[][] files;
  private int[] blockStart;
  private int[] blockLength;
  private float[] floats;
  private byte[] bytes;
  private byte[] scratch;
  private ByteBuffer direct;
  private Dataset warm;

  @Setup(Level.Trial)
  public void setup() {
    if (!LZ4Factory.fastestInstance().toString().contains("JNI")) {
      throw new IllegalStateException("lz4-java native library did not load");
    }
    store = new BenchStorage(storage);
    SpecDatasetWriter w = new SpecDatasetWriter(store.storage, 43);
    float[] values = SpecDatasetWriter.quantisedNormal(SAMPLES * ELEMS, 2);
    keys =
        w.writeTensor(
            new TensorData(
                "x",
                "generic",
                "float32",
                "lz4",
                SpecDatasetWriter.fixedFloat32(values, new long[] {ELEMS}, PER_CHUNK)));
    w.finish();
    files = new byte[CHUNKS][];
    blockStart = new int[CHUNKS];
    blockLength = new int[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
      files[c] = store.storage.get(keys.get(c));
      Chunk parsed = Chunk.parse(files[c], keys.get(c));
      // Skip the 4-byte uncompressed-size prefix (§4.6.1): the raw block follows.
      blockStart[c] = parsed.dataStart() + 4;
      blockLength[c] = parsed.dataLength() - 4;
    }
    floats = new float[SAMPLES * ELEMS];
    bytes = new byte[CHUNKS * CHUNK_BYTES];
    scratch = new byte[CHUNK_BYTES];
    direct = ByteBuffer.allocateDirect(CHUNKS * CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    warm = Dataset.open(store.storage, options);
    // Per-sample reads load both chunks into the handle's cache (a whole-chunk readRange on a
    // cold handle streams without caching), so the warm benchmarks measure the copy out only.
    for (int c = 0; c < CHUNKS; c++) {
      warm.tensor("x").numpy((long) c * PER_CHUNK);
    }
    warm.tensor("x").readRange(0, SAMPLES, floats, 0);
    if (Float.floatToIntBits(floats[SAMPLES * ELEMS - 1])
        != Float.floatToIntBits(values[values.length - 1])) {
      throw new IllegalStateException("readRange read wrong values");
    }
  }

  /** Compressed bytes per chunk, for the report. */
  double compressionRatio() {
    long c = 0;
    for (int l : blockLength) {
      c += l;
    }
    return (double) CHUNKS * CHUNK_BYTES / c;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf(
        "%nlz4 blocks: %d + %d bytes, ratio %.3f%n",
        blockLength[0], blockLength[1], compressionRatio());
    warm.close();
    store.close();
  }

  // ---------------------------------------------------------------- references

  /** The target's baseline: native safeDecompressor on the same blocks, into a byte[]. */
  @Benchmark
  public byte[] baselineSafeDecompress() {
    for (int c = 0; c < CHUNKS; c++) {
      LZ4.decompress(files[c], blockStart[c], blockLength[c], bytes, c * CHUNK_BYTES, CHUNK_BYTES);
    }
    return bytes;
  }

  /** The same blocks into a direct buffer (native, heap source to direct destination). */
  @Benchmark
  public ByteBuffer baselineSafeDecompressDirect() {
    ByteBuffer d = direct;
    for (int c = 0; c < CHUNKS; c++) {
      LZ4.decompress(
          ByteBuffer.wrap(files[c]),
          blockStart[c],
          blockLength[c],
          d,
          c * CHUNK_BYTES,
          CHUNK_BYTES);
    }
    return d;
  }

  /** The least work for lz4 into float[]: decompress into a reused byte[], then a float copy. */
  @Benchmark
  public float[] limitSafeDecompressThenFloatBufferGet() {
    for (int c = 0; c < CHUNKS; c++) {
      LZ4.decompress(files[c], blockStart[c], blockLength[c], scratch, 0, CHUNK_BYTES);
      ByteBuffer.wrap(scratch)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(floats, c * CHUNK_FLOATS, CHUNK_FLOATS);
    }
    return floats;
  }

  /** The least work through the Storage SPI: storage.get, decompress, float copy. */
  @Benchmark
  public float[] limitStorageGetThenDecompressThenFloatBufferGet() {
    for (int c = 0; c < CHUNKS; c++) {
      byte[] f = store.storage.get(keys.get(c));
      LZ4.decompress(f, blockStart[c], blockLength[c], scratch, 0, CHUNK_BYTES);
      ByteBuffer.wrap(scratch)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(floats, c * CHUNK_FLOATS, CHUNK_FLOATS);
    }
    return floats;
  }

  // ---------------------------------------------------------------- engine, fresh handle per op

  /** Per sample: numpy(i).copyTo(float[], off). */
  @Benchmark
  public float[] enginePerSampleCopyTo() {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      Tensor t = ds.tensor("x");
      for (int i = 0; i < SAMPLES; i++) {
        t.numpy(i).copyTo(floats, i * ELEMS);
      }
    }
    return floats;
  }

  /** Bulk: readRange into float[]. */
  @Benchmark
  public float[] engineReadRange() {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      ds.tensor("x").readRange(0, SAMPLES, floats, 0);
    }
    return floats;
  }

  /** Bulk into off-heap memory. */
  @Benchmark
  public ByteBuffer engineReadRangeDirect() {
    direct.clear();
    try (Dataset ds = Dataset.open(store.storage, options)) {
      ds.tensor("x").readRange(0, SAMPLES, direct);
    }
    return direct;
  }

  // ---------------------------------------------------------------- engine, chunks cached

  /** Chunks already decompressed in the handle's cache: the copy out only. */
  @Benchmark
  public float[] engineWarmReadRange() {
    warm.tensor("x").readRange(0, SAMPLES, floats, 0);
    return floats;
  }
}
