package org.deeplake4j.engine.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.testing.SpecDatasetWriter;
import org.deeplake4j.engine.testing.SpecDatasetWriter.ChunkData;
import org.deeplake4j.engine.testing.SpecDatasetWriter.TensorData;
import org.deeplake4j.engine.types.NdArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Dynamic-shape int32: 131072 1-D samples of random length 1..64 (about 130 bytes each) in 2
 * uncompressed chunks of about 8.5 MB (Python fills chunks to about max_chunk_size / 2). Scores are
 * samples per second (one JMH op = one sample); each invocation opens a fresh handle and reads
 * every sample, so both chunks are fetched and parsed once per invocation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DynamicInt32Benchmark {
  static final int PER_CHUNK = 65536;
  static final int SAMPLES = 2 * PER_CHUNK;

  @Param({"memory"})
  public String storage;

  private BenchStorage store;
  private final OpenOptions options = OpenOptions.defaults();
  private int[] ints;
  private byte[] data;
  private int[] offsets;
  private int totalInts;

  @Setup(Level.Trial)
  public void setup() {
    store = new BenchStorage(storage);
    int[][] samples = SpecDatasetWriter.randomInt32(SAMPLES, 64, 3);
    SpecDatasetWriter w = new SpecDatasetWriter(store.storage, 44);
    java.util.List<ChunkData> chunks = SpecDatasetWriter.int32Samples(samples, PER_CHUNK);
    w.writeTensor(new TensorData("x", "generic", "int32", null, chunks));
    w.finish();
    offsets = new int[SAMPLES + 1];
    for (int i = 0; i < SAMPLES; i++) {
      offsets[i + 1] = offsets[i] + samples[i].length;
    }
    totalInts = offsets[SAMPLES];
    ints = new int[totalInts];
    data = new byte[4 * totalInts];
    int p = 0;
    for (ChunkData c : chunks) {
      System.arraycopy(c.data(), 0, data, p, c.dataLength());
      p += c.dataLength();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%nint32 data: %d bytes in %d samples%n", data.length, SAMPLES);
    store.close();
  }

  /** Reference: a ByteBuffer LE int view per sample over bytes already in memory. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public int[] limitPerSampleIntBufferGet() {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < SAMPLES; i++) {
      int n = offsets[i + 1] - offsets[i];
      b.position(4 * offsets[i]);
      b.asIntBuffer().get(ints, offsets[i], n);
    }
    return ints;
  }

  /** numpy(i).toIntArray() per sample (a new int[] each). */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void enginePerSampleToIntArray(Blackhole bh) {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      Tensor t = ds.tensor("x");
      for (int i = 0; i < SAMPLES; i++) {
        bh.consume(t.numpy(i).toIntArray());
      }
    }
  }

  /** numpy(i) then shape() and copyTo(int[], off) per sample (no per-sample int[]). */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public int[] enginePerSampleCopyTo(Blackhole bh) {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      Tensor t = ds.tensor("x");
      int p = 0;
      for (int i = 0; i < SAMPLES; i++) {
        NdArray a = t.numpy(i);
        bh.consume(a.shape());
        a.copyTo(ints, p);
        p += a.size();
      }
    }
    return ints;
  }

  /** readRange over all samples (flattened), no shapes. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public int[] engineReadRange() {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      ds.tensor("x").readRange(0, SAMPLES, ints, 0);
    }
    return ints;
  }
}
