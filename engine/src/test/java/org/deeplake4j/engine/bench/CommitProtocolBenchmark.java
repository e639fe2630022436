package org.deeplake4j.engine.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;

/**
 * Commit protocol benchmark on local storage (main-based; results in BENCHMARKS.md, "Commit
 * protocol"):
 *
 * <ol>
 *   <li>commit latency: one writer keeps a handle open and commits 10 appended rows at a time; the
 *       time of {@code commit()} (flush into the private node, stage the new HEAD, switch);
 *   <li>throughput: W = 1, 2, 4, 8 writers (threads of this JVM, one dataset handle and one {@code
 *       LocalStorage} each, as separate processes would have) append batches of rows to one branch
 *       and commit each batch, for a fixed time; appended rows per second, commits per second,
 *       commit latency, and lost switches (conditional writes that lost and were retried after a
 *       rebase).
 * </ol>
 *
 * <p>Usage: {@code CommitProtocolBenchmark [DIR] [SECONDS_PER_POINT] [BATCH]} (defaults: a temp
 * directory, 20 s, 50 rows). Every row is an int64 {@code v} and a short text {@code t} (plus the
 * hidden id and shape companions deeplake creates: 5 tensors).
 */
public final class CommitProtocolBenchmark {
  private CommitProtocolBenchmark() {}

  private static final OpenOptions WRITABLE = OpenOptions.defaults().withReadOnly(false);

  private static String dataset(Path dir, String name) {
    String path = dir.resolve(name).toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("t", TensorSpec.of("text"));
      ds.commit("base", true);
    }
    return path;
  }

  private static double percentile(long[] ns, double p) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))] / 1e6;
  }

  private record Point(
      int writers, long rows, long commits, long lost, double seconds, long[] commitNanos) {}

  private static Point run(Path dir, String name, int writers, double seconds, int batch)
      throws Exception {
    String path = dataset(dir, name);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<Future<long[]>> results = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int w = 0; w < writers; w++) {
      int id = w;
      results.add(
          pool.submit(
              () -> {
                // Every switch attempt takes version_control_info.lock once: lost = attempts -
                // commits.
                CountingStorage counted = new CountingStorage(new LocalStorage(Path.of(path)));
                List<Long> lat = new ArrayList<>();
                long rows = 0;
                long seq = 0;
                try (Dataset ds = Dataset.open(counted, WRITABLE)) {
                  while (System.nanoTime() < deadline) {
                    for (int i = 0; i < batch; i++) {
                      ds.append(Map.of("v", id * 1_000_000_000L + seq, "t", "w" + id + "s" + seq));
                      seq++;
                    }
                    long c0 = System.nanoTime();
                    ds.commit("w" + id);
                    lat.add(System.nanoTime() - c0);
                    rows += batch;
                  }
                }
                long[] out = new long[3 + lat.size()];
                out[0] = rows;
                out[1] = lat.size();
                out[2] = counted.versionReads.get() / 2 - lat.size();
                for (int i = 0; i < lat.size(); i++) {
                  out[3 + i] = lat.get(i);
                }
                return out;
              }));
    }
    long rows = 0;
    long commits = 0;
    long lost = 0;
    List<Long> lat = new ArrayList<>();
    for (Future<long[]> f : results) {
      long[] r = f.get();
      rows += r[0];
      commits += r[1];
      lost += r[2];
      for (int i = 3; i < r.length; i++) {
        lat.add(r[i]);
      }
    }
    double elapsed = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    try (Dataset ds = Dataset.open(path)) {
      if (ds.tensor("v").length() != rows) {
        throw new IllegalStateException(
            "lost rows: " + ds.tensor("v").length() + " stored, " + rows + " appended");
      }
    }
    return new Point(
        writers, rows, commits, lost, elapsed, lat.stream().mapToLong(Long::longValue).toArray());
  }

  /** Counts version reads of {@code version_control_info.json}: two per switch attempt. */
  private static final class CountingStorage extends ForwardingStorage {
    final java.util.concurrent.atomic.AtomicLong versionReads =
        new java.util.concurrent.atomic.AtomicLong();

    CountingStorage(Storage d) {
      super(d);
    }

    @Override
    public java.util.Optional<ObjectMetadata> metadata(String key) {
      if (VersionGraph.VERSION_INFO_KEY.equals(key)) {
        versionReads.incrementAndGet();
      }
      return super.metadata(key);
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dl4j-commit-bench");
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 20;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Files.createDirectories(dir);
    System.out.printf(
        Locale.ROOT,
        "# CommitProtocolBenchmark: %s, %d cores, Java %s, %.0f s per point, batch %d rows%n",
        dir,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        seconds,
        batch);

    // 1. Commit latency of one writer with an open handle, 10 rows per commit.
    String path = dataset(dir, "latency");
    long[] ns = new long[60];
    try (Dataset ds = Dataset.open(path, WRITABLE)) {
      for (int i = -20; i < ns.length; i++) {
        for (int r = 0; r < 10; r++) {
          ds.append(Map.of("v", (long) r, "t", "r" + r));
        }
        long c0 = System.nanoTime();
        ds.commit("c" + i);
        if (i >= 0) {
          ns[i] = System.nanoTime() - c0;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "commit latency (1 writer, 10 rows/commit, %d commits after 20 warm-up):"
            + " p50 %.1f ms, p90 %.1f ms, max %.1f ms%n",
        ns.length,
        percentile(ns, 0.5),
        percentile(ns, 0.9),
        percentile(ns, 1.0));

    // 2. Throughput with W concurrent writers.
    run(dir, "warm-up", 1, Math.min(3, seconds), batch);
    System.out.println(
        "| writers | rows appended | commits | rows/s | commits/s | lost switches | commit p50 ms"
            + " | commit p90 ms |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int w : new int[] {1, 2, 4, 8}) {
      Point p = run(dir, "w" + w, w, seconds, batch);
      System.out.printf(
          Locale.ROOT,
          "| %d | %d | %d | %.0f | %.1f | %d | %.1f | %.1f |%n",
          p.writers(),
          p.rows(),
          p.commits(),
          p.rows() / p.seconds(),
          p.commits() / p.seconds(),
          p.lost(),
          percentile(p.commitNanos(), 0.5),
          percentile(p.commitNanos(), 0.9));
    }
  }
}
