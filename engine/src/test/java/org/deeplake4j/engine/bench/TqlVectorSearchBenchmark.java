package org.deeplake4j.engine.bench;

import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Top-10 vector search over 1M float32 embeddings of 128 dimensions (local storage, 32 chunks of 16
 * MB): {@code ORDER BY COSINE_SIMILARITY(emb, ARRAY[...]) DESC LIMIT 10} and the L2 form through
 * {@code Dataset.query}, beside a plain Java loop over the embeddings pre-decoded into one {@code
 * float[]}. Target: at most 200 ms on one core.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TqlVectorSearchBenchmark {
  Dataset ds;
  float[] decoded;
  double[] q;
  String cosine;
  String l2;

  @Setup
  public void setUp() {
    ds = Dataset.open(TqlBenchData.embeddings().toString());
    Tensor emb = ds.tensor("emb");
    int d = TqlBenchData.EMB_DIM;
    decoded = new float[(int) emb.length() * d];
    for (int i = 0; i < emb.length(); i++) {
      emb.numpy(i).copyTo(decoded, i * d);
    }
    q = TqlBenchData.queryVector();
    cosine =
        "SELECT * ORDER BY COSINE_SIMILARITY(emb, " + TqlBenchData.queryArray() + ") DESC LIMIT 10";
    l2 = "SELECT * ORDER BY L2_NORM(emb - " + TqlBenchData.queryArray() + ") LIMIT 10";
  }

  @TearDown
  public void tearDown() {
    ds.close();
  }

  @Benchmark
  public long[] cosineTop10() {
    return ds.query(cosine).indices();
  }

  @Benchmark
  public long[] l2Top10() {
    return ds.query(l2).indices();
  }

  /** Reference: cosine similarity and a 10-entry top list in a plain loop over a float[]. */
  @Benchmark
  public long[] plainLoopCosineTop10() {
    return plainTop10(decoded, q);
  }

  /** The plain loop: one pass, double accumulation, insertion into a sorted top-10. */
  static long[] plainTop10(float[] x, double[] q) {
    int d = q.length;
    double qn = 0;
    for (double v : q) {
      qn += v * v;
    }
    qn = Math.sqrt(qn);
    double[] best = new double[10];
    long[] rows = new long[10];
    java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
    int n = x.length / d;
    for (int r = 0; r < n; r++) {
      int off = r * d;
      double dot = 0;
      double nx = 0;
      for (int e = 0; e < d; e++) {
        double v = x[off + e];
        dot += v * q[e];
        nx += v * v;
      }
      double s = dot / (Math.sqrt(nx) * qn);
      if (s > best[9]) {
        int k = 9;
        while (k > 0 && s > best[k - 1]) {
          best[k] = best[k - 1];
          rows[k] = rows[k - 1];
          k--;
        }
        best[k] = s;
        rows[k] = r;
      }
    }
    return rows;
  }
}
