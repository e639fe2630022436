package org.deeplake4j.engine.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.testing.SpecDatasetWriter;
import org.deeplake4j.engine.testing.SpecDatasetWriter.ChunkData;
import org.deeplake4j.engine.testing.SpecDatasetWriter.TensorData;
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
 * Text decoding: 262144 strings of 40-60 characters (every fourth with 2-4 byte UTF-8 characters)
 * in 2 uncompressed text chunks of about 7 MB. Scores are samples per second (one JMH op = one
 * sample); each invocation opens a fresh handle and reads every sample with {@link Tensor#text}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TextBenchmark {
  static final int PER_CHUNK = 131072;
  static final int SAMPLES = 2 * PER_CHUNK;

  @Param({"memory"})
  public String storage;

  private BenchStorage store;
  private final OpenOptions options = OpenOptions.defaults();
  private byte[] data;
  private int[] offsets;

  @Setup(Level.Trial)
  public void setup() {
    store = new BenchStorage(storage);
    String[] samples = SpecDatasetWriter.randomText(SAMPLES, 4);
    SpecDatasetWriter w = new SpecDatasetWriter(store.storage, 45);
    java.util.List<ChunkData> chunks = SpecDatasetWriter.text(samples, PER_CHUNK);
    w.writeTensor(new TensorData("t", "text", "str", null, chunks));
    w.finish();
    offsets = new int[SAMPLES + 1];
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < SAMPLES; i++) {
      byte[] b = samples[i].getBytes(StandardCharsets.UTF_8);
      all.writeBytes(b);
      offsets[i + 1] = offsets[i] + b.length;
    }
    data = all.toByteArray();
    try (Dataset ds = Dataset.open(store.storage, options)) {
      Tensor t = ds.tensor("t");
      for (int i : new int[] {0, 3, SAMPLES - 1}) {
        if (!t.text(i).equals(samples[i])) {
          throw new IllegalStateException("text(" + i + ") differs");
        }
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    System.out.printf("%ntext data: %d bytes in %d samples%n", data.length, SAMPLES);
    store.close();
  }

  /** Reference: new String(bytes, off, len, UTF_8) over the same bytes already in memory. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void limitNewString(Blackhole bh) {
    for (int i = 0; i < SAMPLES; i++) {
      bh.consume(new String(data, offsets[i], offsets[i + 1] - offsets[i], StandardCharsets.UTF_8));
    }
  }

  /** text(i) for every sample. */
  @Benchmark
  @OperationsPerInvocation(SAMPLES)
  public void engineText(Blackhole bh) {
    try (Dataset ds = Dataset.open(store.storage, options)) {
      Tensor t = ds.tensor("t");
      for (int i = 0; i < SAMPLES; i++) {
        bh.consume(t.text(i));
      }
    }
  }
}
