package org.deeplake4j.engine.bench;

import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.tql.QueryOptions;
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
 * GROUP BY and SAMPLE BY over 10M rows of a class_label tensor (10 skewed classes) and a float32
 * score ({@link TqlBenchData#labels()}, local storage, uncompressed): the whole {@code
 * Dataset.query} call, including the groups' member lists (10M row indices) and the sampled rows.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TqlGroupSampleBenchmark {
  static final String COUNT = "SELECT labels, COUNT() AS n GROUP BY labels";
  static final String AGGREGATES =
      "SELECT labels, COUNT() AS n, AVG(score) AS a, MAX(score) AS hi GROUP BY labels";
  static final String WEIGHTS = "MAX_WEIGHT(labels == 'c0': 10, labels == 'c1': 2, labels >= 2: 1)";
  static final String SAMPLE = "SELECT * SAMPLE BY " + WEIGHTS + " LIMIT 1000000";
  static final String SAMPLE_NO_REPLACE =
      "SELECT * SAMPLE BY " + WEIGHTS + " REPLACE FALSE LIMIT 1000000";

  Dataset ds;

  @Setup
  public void setUp() {
    ds = Dataset.open(TqlBenchData.labels().toString());
  }

  @TearDown
  public void tearDown() {
    ds.close();
  }

  /** {@code GROUP BY labels} with COUNT(): 10 groups of 10M rows. */
  @Benchmark
  public long groupByCount() {
    return ds.query(COUNT).length();
  }

  /** {@code GROUP BY labels} with COUNT(), AVG(score), MAX(score). */
  @Benchmark
  public long groupByAggregates() {
    return ds.query(AGGREGATES).length();
  }

  /** 1M weighted draws with replacement from 10M rows. */
  @Benchmark
  public long sampleWithReplacement() {
    return ds.query(SAMPLE, QueryOptions.seed(42)).length();
  }

  /** 1M weighted draws without replacement from 10M rows. */
  @Benchmark
  public long sampleWithoutReplacement() {
    return ds.query(SAMPLE_NO_REPLACE, QueryOptions.seed(42)).length();
  }
}
