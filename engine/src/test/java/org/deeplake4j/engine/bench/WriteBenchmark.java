package org.deeplake4j.engine.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Write throughput on local storage, through the public append API with Python's default chunking
 * (16 MB max chunks) and companions: fixed-shape float32 rows of 128 (embeddings; 100k rows = 51 MB
 * per invocation), and small images (32x32x3), encoded to PNG by the engine or given as PNG files.
 * Scores are samples per second (one op = one sample); MB/s = samples/s x sample bytes. Each
 * invocation writes a fresh dataset and includes the final flush.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class WriteBenchmark {
  static final int ROWS = 100_000;
  static final int IMAGES = 2_000;

  private Path dir;
  private NdArray[] rows;
  private NdArray[] images;
  private byte[][] pngs;
  private int run;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    dir = Files.createTempDirectory("dl4j-write-bench");
    Random r = new Random(1);
    rows = new NdArray[1024];
    for (int i = 0; i < rows.length; i++) {
      ByteBuffer b = ByteBuffer.allocate(128 * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = 0; k < 128; k++) {
        b.putFloat((float) r.nextGaussian());
      }
      rows[i] = NdArray.of(Dtype.FLOAT32, new long[] {128}, b.array());
    }
    images = new NdArray[64];
    pngs = new byte[64][];
    for (int i = 0; i < images.length; i++) {
      byte[] px = new byte[32 * 32 * 3];
      for (int k = 0; k < px.length; k++) {
        px[k] = (byte) ((k / 3 % 32) * 4 + (k % 3) * 40 + i);
      }
      images[i] = NdArray.of(Dtype.UINT8, new long[] {32, 32, 3}, px);
      pngs[i] = Images.encode(images[i], "png", "bench");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private String fresh() {
    return dir.resolve("ds" + (run++)).toString();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long float32x128() {
    try (Dataset ds = Dataset.create(fresh())) {
      Tensor t = ds.createTensor("embedding", TensorSpec.of("embedding"));
      for (int i = 0; i < ROWS; i++) {
        t.append(rows[i & 1023]);
      }
      ds.flush();
      return t.numItems();
    }
  }

  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public long pngEncodedByTheEngine() {
    try (Dataset ds = Dataset.create(fresh())) {
      Tensor t = ds.createTensor("images", TensorSpec.of("image").withSampleCompression("png"));
      for (int i = 0; i < IMAGES; i++) {
        t.append(images[i & 63]);
      }
      ds.flush();
      return t.numItems();
    }
  }

  @Benchmark
  @OperationsPerInvocation(IMAGES)
  public long pngFilesStoredAsTheyAre() {
    try (Dataset ds = Dataset.create(fresh())) {
      Tensor t = ds.createTensor("images", TensorSpec.of("image").withSampleCompression("png"));
      for (int i = 0; i < IMAGES; i++) {
        t.append(Samples.file(pngs[i & 63], "png"));
      }
      ds.flush();
      return t.numItems();
    }
  }
}
