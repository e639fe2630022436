package org.deeplake4j.engine.bench;

import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.types.NdArray;
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
 * WHERE on a scalar int32 tensor of 10M samples (local storage, 3 chunks of 16 MB): the full query
 * through {@code Dataset.query} (about half the rows match), a selective one, and a plain Java loop
 * over the same values pre-decoded into an {@code int[]} for reference. Target: at least 200M
 * samples/s per core.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TqlWhereBenchmark {
  Dataset ds;
  int[] decoded;

  @Setup
  public void setUp() {
    ds = Dataset.open(TqlBenchData.scalars().toString());
    Tensor x = ds.tensor("x");
    decoded = new int[(int) x.length()];
    for (int i = 0; i < decoded.length; i++) {
      NdArray a = x.numpy(i);
      decoded[i] = (int) a.getLong(0);
    }
  }

  @TearDown
  public void tearDown() {
    ds.close();
  }

  /** Half of the rows match: 5M indices are materialized. */
  @Benchmark
  public long whereHalf() {
    return ds.query("SELECT * WHERE x < 500").length();
  }

  /** 2% of the rows match. */
  @Benchmark
  public long whereSelective() {
    return ds.query("SELECT * WHERE x BETWEEN 100 AND 119").length();
  }

  /** Reference: the same filter as a plain loop over pre-decoded ints, indices as long[]. */
  @Benchmark
  public long plainLoopHalf() {
    long[] out = new long[decoded.length];
    int n = 0;
    for (int i = 0; i < decoded.length; i++) {
      if (decoded[i] < 500) {
        out[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, n).length;
  }
}
