package org.deeplake4j.engine.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Paired measurements for the ratios, as a complement to JMH on a shared machine: JMH measures each
 * method in its own fork, minutes apart, so a neighbour's load can land on the baseline and not on
 * the engine (or the reverse). Here each round times the reference and the engine method back to
 * back (alternating which goes first) on the same JMH state objects, and the ratio of each pair is
 * taken; the median of those ratios is insensitive to load that changes over seconds.
 *
 * <p>Run: {@code mvn -B -q -o -pl engine test-compile exec:exec@bench-paired}. Prints a Markdown
 * table: reference / engine median times (ms), the median of paired ratios (reference time / engine
 * time; the target is at least 0.80) and its spread (25th-75th percentile).
 */
public final class PairedRatios {
  private static final int WARMUP_ROUNDS = 60;
  private static final int ROUNDS = 61;
  private static long sink;

  private PairedRatios() {}

  private record Pair(String label, Supplier<Object> reference, Supplier<Object> engine) {}

  public static void main(String[] args) {
    List<String> storages = args.length > 0 ? Arrays.asList(args) : List.of("memory", "local");
    System.out.println(
        "| pair | storage | reference ms | engine ms | ratio (median of pairs) | p25-p75 |");
    System.out.println("|---|---|---:|---:|---:|---|");
    for (String storage : storages) {
      Float32DecodeBenchmark f = new Float32DecodeBenchmark();
      f.storage = storage;
      f.setup();
      try {
        run(
            storage,
            List.of(
                new Pair(
                    "float32: arraycopy vs readRange float[] (fresh handle)",
                    f::baselineArraycopy,
                    f::engineReadRange),
                new Pair(
                    "float32: arraycopy vs per-sample copyTo (fresh handle)",
                    f::baselineArraycopy,
                    f::enginePerSampleCopyTo),
                new Pair(
                    "float32: direct put vs readRange direct (fresh handle)",
                    f::baselineDirectPut,
                    f::engineReadRangeDirect),
                new Pair(
                    "float32: arraycopy vs readRange float[] (cached chunks)",
                    f::baselineArraycopy,
                    f::engineWarmReadRange),
                new Pair(
                    "float32: direct put vs readRange direct (cached chunks)",
                    f::baselineDirectPut,
                    f::engineWarmReadRangeDirect),
                new Pair(
                    "float32: storage.get+float copy vs readRange float[] (fresh)",
                    f::limitStorageGetThenFloatBufferGet,
                    f::engineReadRange)));
      } finally {
        f.tearDown();
      }
      Lz4Float32Benchmark z = new Lz4Float32Benchmark();
      z.storage = storage;
      z.setup();
      try {
        run(
            storage,
            List.of(
                new Pair(
                    "lz4: safeDecompress vs readRange float[] (fresh handle)",
                    z::baselineSafeDecompress,
                    z::engineReadRange),
                new Pair(
                    "lz4: safeDecompress vs per-sample copyTo (fresh handle)",
                    z::baselineSafeDecompress,
                    z::enginePerSampleCopyTo),
                new Pair(
                    "lz4: safeDecompress vs readRange direct (fresh handle)",
                    z::baselineSafeDecompress,
                    z::engineReadRangeDirect),
                new Pair(
                    "lz4: safeDecompress+float copy vs readRange float[] (fresh)",
                    z::limitSafeDecompressThenFloatBufferGet,
                    z::engineReadRange)));
      } finally {
        z.tearDown();
      }
    }
    System.out.println("checksum " + sink);
  }

  private static void run(String storage, List<Pair> pairs) {
    for (Pair p : pairs) {
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        time(p.reference);
        time(p.engine);
      }
      double[] ref = new double[ROUNDS];
      double[] eng = new double[ROUNDS];
      double[] ratio = new double[ROUNDS];
      for (int i = 0; i < ROUNDS; i++) {
        if (i % 2 == 0) {
          ref[i] = time(p.reference);
          eng[i] = time(p.engine);
        } else {
          eng[i] = time(p.engine);
          ref[i] = time(p.reference);
        }
        ratio[i] = ref[i] / eng[i];
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %.2f | %.2f | %.2f | %.2f-%.2f |%n",
          p.label,
          storage,
          quantile(ref, 0.5),
          quantile(eng, 0.5),
          quantile(ratio, 0.5),
          quantile(ratio, 0.25),
          quantile(ratio, 0.75));
    }
  }

  private static double time(Supplier<Object> s) {
    long t0 = System.nanoTime();
    Object o = s.get();
    long t1 = System.nanoTime();
    sink += System.identityHashCode(o);
    return (t1 - t0) / 1e6;
  }

  private static double quantile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.round(q * (s.length - 1))];
  }
}
