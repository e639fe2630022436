package org.deeplake4j.engine.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * The datasets of the TQL benchmarks, written once with the engine's bulk append ({@code
 * Tensor.extend}) under {@code target/bench-data} (or {@code -Ddeeplake4j.benchData=DIR}) and
 * reused while a {@code _complete} marker is present. Contents are fixed by seeds.
 */
public final class TqlBenchData {
  /** Rows of the scalar dataset. */
  public static final int SCALAR_ROWS = 10_000_000;

  /** Rows and dimensions of the embedding dataset. */
  public static final int EMB_ROWS = 1_000_000;

  public static final int EMB_DIM = 128;

  private TqlBenchData() {}

  private static Path root() {
    return Path.of(System.getProperty("deeplake4j.benchData", "target/bench-data"))
        .toAbsolutePath();
  }

  /** 10M int32 scalars {@code x}, uniform in [0, 1000) (seed 1). */
  public static Path scalars() {
    Path p = root().resolve("tql-scalars-10m");
    if (!Files.exists(p.resolve("_complete"))) {
      SplittableRandom r = new SplittableRandom(1);
      try (Dataset ds = Dataset.create(p.toString(), true)) {
        ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
        int batch = 1 << 20;
        for (int s = 0; s < SCALAR_ROWS; s += batch) {
          int k = Math.min(batch, SCALAR_ROWS - s);
          ByteBuffer b = ByteBuffer.allocate(k * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < k; i++) {
            b.putInt(r.nextInt(1000));
          }
          ds.tensor("x").extend(NdArray.of(Dtype.INT32, new long[] {k}, b.array()));
          ds.flush();
        }
      }
      mark(p);
    }
    return p;
  }

  /** 1M float32 embeddings {@code emb} of 128 standard normal values (seed 2). */
  public static Path embeddings() {
    Path p = root().resolve("tql-emb-1m-128");
    if (!Files.exists(p.resolve("_complete"))) {
      SplittableRandom r = new SplittableRandom(2);
      try (Dataset ds = Dataset.create(p.toString(), true)) {
        ds.createTensor("emb", TensorSpec.of("embedding").withDtype("float32"));
        int batch = 1 << 16;
        for (int s = 0; s < EMB_ROWS; s += batch) {
          int k = Math.min(batch, EMB_ROWS - s);
          ByteBuffer b = ByteBuffer.allocate(k * EMB_DIM * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < k * EMB_DIM; i++) {
            b.putFloat((float) gaussian(r));
          }
          ds.tensor("emb").extend(NdArray.of(Dtype.FLOAT32, new long[] {k, EMB_DIM}, b.array()));
          ds.flush();
        }
      }
      mark(p);
    }
    return p;
  }

  /** Rows of the labelled dataset (GROUP BY and SAMPLE BY benchmarks). */
  public static final int LABEL_ROWS = 10_000_000;

  /** Classes of its {@code labels} tensor. */
  public static final int CLASSES = 10;

  /**
   * 10M rows of {@code labels} (class_label, uint32, {@value #CLASSES} classes {@code c0..c9},
   * skewed: class k with weight k + 1) and {@code score} (float32 uniform in [0, 1)) (seed 4).
   */
  public static Path labels() {
    Path p = root().resolve("tql-labels-10m");
    if (!Files.exists(p.resolve("_complete"))) {
      SplittableRandom r = new SplittableRandom(4);
      java.util.List<String> names = new java.util.ArrayList<>();
      for (int c = 0; c < CLASSES; c++) {
        names.add("c" + c);
      }
      int total = CLASSES * (CLASSES + 1) / 2;
      try (Dataset ds = Dataset.create(p.toString(), true)) {
        ds.createTensor(
            "labels", TensorSpec.of("class_label").withDtype("uint32").withClassNames(names));
        ds.createTensor("score", TensorSpec.generic().withDtype("float32"));
        int batch = 1 << 20;
        for (int s = 0; s < LABEL_ROWS; s += batch) {
          int k = Math.min(batch, LABEL_ROWS - s);
          ByteBuffer l = ByteBuffer.allocate(k * 4).order(ByteOrder.LITTLE_ENDIAN);
          ByteBuffer f = ByteBuffer.allocate(k * 4).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < k; i++) {
            int u = r.nextInt(total);
            int c = 0;
            while (u >= c + 1) {
              u -= c + 1;
              c++;
            }
            l.putInt(c);
            f.putFloat((float) r.nextDouble());
          }
          ds.tensor("labels").extend(NdArray.of(Dtype.UINT32, new long[] {k}, l.array()));
          ds.tensor("score").extend(NdArray.of(Dtype.FLOAT32, new long[] {k}, f.array()));
          ds.flush();
        }
      }
      mark(p);
    }
    return p;
  }

  /** The query vector of the cosine benchmarks (seed 3). */
  public static double[] queryVector() {
    SplittableRandom r = new SplittableRandom(3);
    double[] q = new double[EMB_DIM];
    for (int i = 0; i < q.length; i++) {
      q[i] = gaussian(r);
    }
    return q;
  }

  /** {@code ARRAY[...]} of {@link #queryVector()}. */
  public static String queryArray() {
    StringBuilder b = new StringBuilder("ARRAY[");
    double[] q = queryVector();
    for (int i = 0; i < q.length; i++) {
      b.append(i == 0 ? "" : ", ").append(q[i]);
    }
    return b.append(']').toString();
  }

  private static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  private static void mark(Path p) {
    try {
      Files.write(p.resolve("_complete"), new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
