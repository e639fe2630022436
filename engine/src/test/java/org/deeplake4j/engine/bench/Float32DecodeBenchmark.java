package org.deeplake4j.engine.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Uncompressed fixed-shape float32: a tensor of 2 chunks of 16 MiB (32768 samples of 128 floats
 * each; Python's default max_chunk_size is 16 MB). One operation reads the whole tensor (32 MiB)
 * into a {@code float[]} or a direct little-endian {@code ByteBuffer}.
 *
 * <p>{@code engine*} methods open a fresh {@link Dataset} handle inside the operation, so each op
 * fetches (storage copy) and parses both chunks once: the ChunkCache cannot make a later op free,
 * and the open cost is counted. {@code engineWarm*} methods read through a handle whose cache
 * already holds both chunks: decode cost only. {@code baseline*} and {@code limit*} methods are the
 * references: a plain byte copy of the same bytes, and the least work any reader must do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Float32DecodeBenchmark {
  static final int ELEMS = 128;
  static final int PER_CHUNK = 32768;
  static final int CHUNKS = 2;
  static final int CHUNK_FLOATS = ELEMS * PER_CHUNK;
  static final int CHUNK_BYTES = 4 * CHUNK_FLOATS;
  static final int SAMPLES = PER_CHUNK * CHUNKS;

  @Param({"memory", "local"})
  public String storage;

  private BenchStorage store;
  private final OpenOptions options = OpenOptions.defaults();
  private List<String> keys;
  private byte[][] files;
  private int[] dataStart;
  private float[] floats;
  private byte[] bytes;
  private ByteBuffer direct;
  private Dataset warm;

  @Setup(Level.Trial)
  public void setup() {
    store = new BenchStorage(storage);
    SpecDatasetWriter w = new SpecDatasetWriter(store.storage, 42);
    float[] values = SpecDatasetWriter.uniform(SAMPLES * ELEMS, 1);
    keys =
        w.writeTensor(
            new TensorData(
                "x",
                "generic",
                "float32",
                null,
                SpecDatasetWriter.fixedFloat32(values, new long[] {ELEMS}, PER_CHUNK)));
    w.finish();
    files = new byte[CHUNKS][];
    dataStart = new int[CHUNKS];
    for (int c = 0; c < CHUNKS; c++) {
      files[c] = store.storage.get(keys.get(c));
      Chunk parsed = Chunk.parse(files[c], keys.get(c));
      dataStart[c] = parsed.dataStart();
      if (parsed.dataLength() != CHUNK_BYTES) {
        throw new IllegalStateException("chunk data is " + parsed.dataLength() + " bytes");
      }
    }
    floats = new float[SAMPLES * ELEMS];
    bytes = new byte[CHUNKS * CHUNK_BYTES];
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

  @TearDown(Level.Trial)
  public void tearDown() {
    warm.close();
    store.close();
  }

  // ---------------------------------------------------------------- references

  /** The target's baseline: System.arraycopy of the chunks' data regions (byte[] to byte[]). */
  @Benchmark
  public byte[] baselineArraycopy() {
    for (int c = 0; c < CHUNKS; c++) {
      System.arraycopy(files[c], dataStart[c], bytes, c * CHUNK_BYTES, CHUNK_BYTES);
    }
    return bytes;
  }

  /** The off-heap baseline: a direct-buffer put of the same bytes. */
  @Benchmark
  public ByteBuffer baselineDirectPut() {
    direct.clear();
    for (int c = 0; c < CHUNKS; c++) {
      direct.put(files[c], dataStart[c], CHUNK_BYTES);
    }
    return direct;
  }

  /** The physical limit of a decode into float[]: LE asFloatBuffer().get of the data regions. */
  @Benchmark
  public float[] limitFloatBufferGet() {
    for (int c = 0; c < CHUNKS; c++) {
      ByteBuffer.wrap(files[c], dataStart[c], CHUNK_BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(floats, c * CHUNK_FLOATS, CHUNK_FLOATS);
    }
    return floats;
  }

  /** The least any reader through the Storage SPI does: storage.get, then asFloatBuffer().get. */
  @Benchmark
  public float[] limitStorageGetThenFloatBufferGet() {
    for (int c = 0; c < CHUNKS; c++) {
      byte[] f = store.storage.get(keys.get(c));
      ByteBuffer.wrap(f, dataStart[c], CHUNK_BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(floats, c * CHUNK_FLOATS, CHUNK_FLOATS);
    }
    return floats;
  }

  /** The same into a direct buffer: storage.get, then put. */
  @Benchmark
  public ByteBuffer limitStorageGetThenDirectPut() {
    direct.clear();
    for (int c = 0; c < CHUNKS; c++) {
      byte[] f = store.storage.get(keys.get(c));
      direct.put(f, dataStart[c], CHUNK_BYTES);
    }
    return direct;
  }

  // ---------------------------------------------------------------- engine, fresh handle per op

  /** Per sample: numpy(i).copyTo(float[], off) over every sample. */
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

  /** Bulk: readRange(0, n, float[], 0). */
  @Benchmark
  public float[] engineReadRange() {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      ds.tensor("x").readRange(0, SAMPLES, floats, 0);
    }
    return floats;
  }

  /** Bulk into off-heap memory: readRange(0, n, directByteBuffer). */
  @Benchmark
  public ByteBuffer engineReadRangeDirect() {
    direct.clear();
    try (Dataset ds = Dataset.open(store.storage, options)) {
      ds.tensor("x").readRange(0, SAMPLES, direct);
    }
    return direct;
  }

  // ---------------------------------------------------------------- engine, chunks cached

  /** Decode only (chunks already fetched and parsed): per sample. */
  @Benchmark
  public float[] engineWarmPerSampleCopyTo() {
    Tensor t = warm.tensor("x");
    for (int i = 0; i < SAMPLES; i++) {
      t.numpy(i).copyTo(floats, i * ELEMS);
    }
    return floats;
  }

  /** Decode only: bulk into float[]. */
  @Benchmark
  public float[] engineWarmReadRange() {
    warm.tensor("x").readRange(0, SAMPLES, floats, 0);
    return floats;
  }

  /** Decode only: bulk into a direct buffer. */
  @Benchmark
  public ByteBuffer engineWarmReadRangeDirect() {
    direct.clear();
    warm.tensor("x").readRange(0, SAMPLES, direct);
    return direct;
  }
}
