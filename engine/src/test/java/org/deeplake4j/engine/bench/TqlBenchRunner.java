package org.deeplake4j.engine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the TQL benchmarks: first the JMH benchmarks ({@code *Benchmark}, wall-clock average time,
 * one fork), then the same operations in this JVM with the calling thread's CPU time measured,
 * which stays meaningful on a machine shared with other work (a loaded 2-core box stretches wall
 * time, not CPU time). Prints a table of medians.
 *
 * <pre>
 * mvn -B -pl engine test-compile
 * mvn -B -pl engine exec:exec -Dexec.executable=java -Dexec.classpathScope=test \
 *   -Dexec.args="-Xmx6g -cp %classpath org.deeplake4j.engine.bench.TqlBenchRunner [jmh|cpu|all|part2]"
 * </pre>
 *
 * The datasets are written on first use under {@code engine/target/bench-data} ({@link
 * TqlBenchData}).
 */
public final class TqlBenchRunner {
  private TqlBenchRunner() {}

  public static void main(String[] args) throws RunnerException {
    String mode = args.length > 0 ? args[0] : "all";
    if (mode.equals("part2")) { // GROUP BY / SAMPLE BY only, thread CPU time
      TqlBenchData.labels();
      cpuPart2();
      return;
    }
    TqlBenchData.labels();
    TqlBenchData.scalars();
    TqlBenchData.embeddings();
    if (!mode.equals("cpu")) {
      new Runner(
              new OptionsBuilder()
                  .include("org\\.deeplake4j\\.engine\\.bench\\.Tql.*Benchmark")
                  .build())
          .run();
    }
    if (!mode.equals("jmh")) {
      cpu();
      cpuPart2();
    }
  }

  private static void cpuPart2() {
    TqlGroupSampleBenchmark g = new TqlGroupSampleBenchmark();
    g.setUp();
    System.out.println();
    System.out.println(
        "| operation | median wall ms | median thread CPU ms | rate per CPU second |");
    System.out.println("|---|---|---|---|");
    report("GROUP BY labels, COUNT() (10M)", g::groupByCount, TqlBenchData.LABEL_ROWS);
    report("GROUP BY labels, COUNT/AVG/MAX (10M)", g::groupByAggregates, TqlBenchData.LABEL_ROWS);
    report(
        "SAMPLE BY MAX_WEIGHT 1M of 10M, REPLACE TRUE",
        g::sampleWithReplacement,
        TqlBenchData.LABEL_ROWS);
    report(
        "SAMPLE BY MAX_WEIGHT 1M of 10M, REPLACE FALSE",
        g::sampleWithoutReplacement,
        TqlBenchData.LABEL_ROWS);
    g.tearDown();
  }

  private static void cpu() {
    TqlWhereBenchmark w = new TqlWhereBenchmark();
    w.setUp();
    TqlVectorSearchBenchmark v = new TqlVectorSearchBenchmark();
    v.setUp();
    System.out.println();
    System.out.println(
        "| operation | median wall ms | median thread CPU ms | rate per CPU second |");
    System.out.println("|---|---|---|---|");
    report("WHERE x < 500 (10M int32)", w::whereHalf, TqlBenchData.SCALAR_ROWS);
    report("WHERE x BETWEEN 100 AND 119", w::whereSelective, TqlBenchData.SCALAR_ROWS);
    report("plain loop over int[] (x < 500)", w::plainLoopHalf, TqlBenchData.SCALAR_ROWS);
    report("COSINE_SIMILARITY top-10 (1M x 128)", v::cosineTop10, TqlBenchData.EMB_ROWS);
    report("L2_NORM top-10 (1M x 128)", v::l2Top10, TqlBenchData.EMB_ROWS);
    report(
        "plain loop over float[] (cosine top-10)", v::plainLoopCosineTop10, TqlBenchData.EMB_ROWS);
    if (!Arrays.equals(v.cosineTop10(), v.plainLoopCosineTop10())) {
      System.out.println("WARNING: the query and the plain loop found different top-10 rows");
    }
    w.tearDown();
    v.tearDown();
  }

  private static void report(String what, Supplier<?> op, long samples) {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    int warm = 5;
    int runs = 15;
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < warm + runs; i++) {
      long c0 = tm.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      op.get();
      long t1 = System.nanoTime();
      long c1 = tm.getCurrentThreadCpuTime();
      if (i >= warm) {
        wall[i - warm] = (t1 - t0) / 1e6;
        cpu[i - warm] = (c1 - c0) / 1e6;
      }
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    double mc = cpu[runs / 2];
    System.out.printf(
        "| %s | %.1f | %.1f | %.0fM samples/s |%n",
        what, wall[runs / 2], mc, samples / (mc / 1e3) / 1e6);
  }
}
