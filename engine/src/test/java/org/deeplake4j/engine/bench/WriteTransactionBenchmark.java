package org.deeplake4j.engine.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Write-transaction benchmarks (results in BENCHMARKS.md, "Write transactions"), one bench main:
 *
 * <ol>
 *   <li>{@code fragment}: one {@link FragmentWriter} writes ROWS rows of {@code id} (int64), {@code
 *       label} (class_label), {@code embedding} (float32[128]) and {@code text} (~25 bytes) from
 *       primitive batches ({@code extend(name, NdArray)}, {@code extend(name, List<String>)}) into
 *       a {@link MemoryStorage}, {@code finish()} included; paired with a {@code System.arraycopy}
 *       of the same bytes into a preallocated buffer (alternating which runs first), MB/s of user
 *       bytes and the median of the per-round ratios (engine MB/s / arraycopy MB/s);
 *   <li>{@code commit}: 64 fragments of 10k rows written to a dataset on local disk ({@code DIR}),
 *       then {@code WriteTransaction.commit}: the commit's latency, repeated;
 *   <li>{@code import}: ROWS rows of the same columns as JSON Lines, imported by {@code
 *       bin/deeplake import} with {@code DEEPLAKE_JAVA_OPTS=-Xmx256m} under {@code /usr/bin/time
 *       -v}: rows/s and peak RSS; the dataset is then checked (row count, values of sampled rows).
 * </ol>
 *
 * <p>Usage: {@code WriteTransactionBenchmark MODE[,MODE...] [DIR] [ROWS=1000000] [ROUNDS=7]}; DIR
 * (default: a temp folder, deleted at the end) holds the commit datasets and the import's JSON
 * Lines file and dataset; {@code -Ddeeplake4j.root=REPO} locates {@code bin/deeplake} (default: the
 * working directory or its parent). Every mode checks what it wrote, so a smoke run with few rows
 * (see WriteTransactionBenchSmokeTest) is a correctness test.
 */
public final class WriteTransactionBenchmark {
  private WriteTransactionBenchmark() {}

  static final int DIM = 128;
  static final int BATCH = 4096;
  static final int CHUNK = 8_000_000;
  static final List<String> CLASSES =
      List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");

  private static long sink;

  /** The columns written ({@code -Dbench.columns=embedding,text}: a subset, to see their costs). */
  static final List<String> COLUMNS =
      List.of(System.getProperty("bench.columns", "id,label,embedding,text").split(","));

  /** The schema: Python's defaults for each htype (16 MB chunks, id/shape companions). */
  static Map<String, TensorSpec> schema() {
    Map<String, TensorSpec> s = new LinkedHashMap<>();
    s.put("id", TensorSpec.generic().withDtype("int64"));
    s.put("label", TensorSpec.of("class_label").withClassNames(CLASSES));
    s.put("embedding", TensorSpec.of("embedding").withDtype("float32"));
    s.put("text", TensorSpec.of("text"));
    return s;
  }

  /** Deterministic values of row {@code r}: the generator and the checks share them. */
  static long id(long r) {
    return r * 7 + 3;
  }

  static int label(long r) {
    return (int) (((r * 2654435761L) >>> 7) % CLASSES.size());
  }

  static String text(long r) {
    // 20..30 ASCII characters, 25 on average.
    StringBuilder b = new StringBuilder("row ").append(r).append(' ');
    int len = 20 + (int) (Long.remainderUnsigned(r * 0x9E3779B97F4A7C15L, 11));
    for (int i = 0; b.length() < len; i++) {
      b.append((char) ('a' + (int) ((r * 31 + i * 17) % 26)));
    }
    b.setLength(len);
    return b.toString();
  }

  /** Embedding element d of row r: multiples of 1/1000 (short JSON, any float32 is fine). */
  static float emb(long r, int d) {
    long h = (r * 1_000_003L + d * 7919L) * 0x9E3779B97F4A7C15L;
    return (float) ((int) (h >>> 52) - 2048) / 1000f;
  }

  /** ROWS rows as batches of primitive arrays (little-endian NdArrays) and string lists. */
  static final class Batches {
    final int rows;
    final NdArray[] ids;
    final NdArray[] labels;
    final NdArray[] embs;
    final List<List<String>> texts = new ArrayList<>();
    final byte[][] raw; // each batch's bytes (NdArrays hold read-only views), for arraycopy
    final byte[][] textBytes; // the texts' UTF-8, for the arraycopy reference
    final long bytes;

    Batches(int rows) {
      this.rows = rows;
      int n = (rows + BATCH - 1) / BATCH;
      ids = new NdArray[n];
      labels = new NdArray[n];
      embs = new NdArray[n];
      textBytes = new byte[n][];
      raw = new byte[3 * n][];
      long total = 0;
      for (int b = 0; b < n; b++) {
        int from = b * BATCH;
        int m = Math.min(BATCH, rows - from);
        ByteBuffer id = le(m * 8);
        ByteBuffer lab = le(m * 4);
        ByteBuffer e = le(m * DIM * 4);
        List<String> t = new ArrayList<>(m);
        int tb = 0;
        for (int i = 0; i < m; i++) {
          long r = from + i;
          id.putLong(id(r));
          lab.putInt(label(r));
          for (int d = 0; d < DIM; d++) {
            e.putFloat(emb(r, d));
          }
          String s = text(r);
          t.add(s);
          tb += s.length();
        }
        ids[b] = NdArray.of(Dtype.INT64, new long[] {m}, id.array());
        labels[b] = NdArray.of(Dtype.UINT32, new long[] {m}, lab.array());
        embs[b] = NdArray.of(Dtype.FLOAT32, new long[] {m, DIM}, e.array());
        raw[3 * b] = id.array();
        raw[3 * b + 1] = lab.array();
        raw[3 * b + 2] = e.array();
        texts.add(t);
        ByteBuffer all = ByteBuffer.allocate(tb);
        for (String s : t) {
          all.put(s.getBytes(StandardCharsets.UTF_8));
        }
        textBytes[b] = all.array();
        total +=
            (COLUMNS.contains("id") ? m * 8L : 0)
                + (COLUMNS.contains("label") ? m * 4L : 0)
                + (COLUMNS.contains("embedding") ? (long) m * DIM * 4 : 0)
                + (COLUMNS.contains("text") ? tb : 0);
      }
      bytes = total;
    }

    private static ByteBuffer le(int n) {
      return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The reference: every batch's bytes copied into {@code dst} (preallocated, >= bytes). */
    long arraycopy(byte[] dst) {
      int at = 0;
      boolean[] on = {
        COLUMNS.contains("id"), COLUMNS.contains("label"), COLUMNS.contains("embedding")
      };
      boolean text = COLUMNS.contains("text");
      for (int b = 0; b < ids.length; b++) {
        for (int k = 0; k < 3; k++) {
          if (on[k]) {
            byte[] r = raw[3 * b + k];
            System.arraycopy(r, 0, dst, at, r.length);
            at += r.length;
          }
        }
        if (text) {
          System.arraycopy(textBytes[b], 0, dst, at, textBytes[b].length);
          at += textBytes[b].length;
        }
      }
      return at;
    }

    /**
     * The floor of any writer whose chunks are new arrays (the engine hands each chunk to the
     * storage, so none is reused): the same bytes copied into fresh arrays of 8,000,000 bytes (a
     * full default chunk), kept like a storage keeps them. No headers, companions or encoding.
     */
    long freshChunks(List<byte[]> keep) {
      boolean[] on = {
        COLUMNS.contains("id"), COLUMNS.contains("label"), COLUMNS.contains("embedding")
      };
      boolean text = COLUMNS.contains("text");
      byte[] chunk = new byte[CHUNK];
      int at = 0;
      long total = 0;
      for (int b = 0; b < ids.length; b++) {
        for (int k = 0; k < 4; k++) {
          byte[] r = k < 3 ? (on[k] ? raw[3 * b + k] : null) : (text ? textBytes[b] : null);
          for (int off = 0; r != null && off < r.length; ) {
            if (at == CHUNK) {
              keep.add(chunk);
              chunk = new byte[CHUNK];
              at = 0;
            }
            int n = Math.min(r.length - off, CHUNK - at);
            System.arraycopy(r, off, chunk, at, n);
            at += n;
            off += n;
            total += n;
          }
        }
      }
      keep.add(chunk);
      return total;
    }

    /**
     * Thread CPU nanoseconds of the last {@link #write} (insensitive to other processes' load):
     * open, each column's extends, finish.
     */
    final long[] split = new long[6];

    /** The engine: all batches through one fragment writer; returns the fragment. */
    Fragment write(WritePlan plan, MemoryStorage chunks) {
      Arrays.fill(split, 0);
      long t = cpu();
      try (FragmentWriter w = FragmentWriter.open(plan, chunks)) {
        split[0] = cpu() - t;
        boolean[] on = {
          COLUMNS.contains("id"),
          COLUMNS.contains("label"),
          COLUMNS.contains("embedding"),
          COLUMNS.contains("text")
        };
        for (int b = 0; b < ids.length; b++) {
          for (int c = 0; c < 4; c++) {
            if (!on[c]) {
              continue;
            }
            long t0 = cpu();
            switch (c) {
              case 0 -> w.extend("id", ids[b]);
              case 1 -> w.extend("label", labels[b]);
              case 2 -> w.extend("embedding", embs[b]);
              default -> w.extend("text", texts.get(b));
            }
            split[1 + c] += cpu() - t0;
          }
        }
        long t1 = cpu();
        Fragment f = w.finish();
        split[5] = cpu() - t1;
        return f;
      }
    }

    String splitText() {
      return String.format(
          Locale.ROOT,
          "cpu: open %.0f, id %.0f, label %.0f, embedding %.0f, text %.0f, finish %.0f ms",
          split[0] / 1e6,
          split[1] / 1e6,
          split[2] / 1e6,
          split[3] / 1e6,
          split[4] / 1e6,
          split[5] / 1e6);
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** This thread's CPU time (ns). */
  static long cpu() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** A transaction over an in-memory dataset of {@link #schema()} (its plan for the writers). */
  static WriteTransaction memoryTransaction() {
    MemoryStorage ds = new MemoryStorage("bench-dataset");
    try (Dataset d = Dataset.create(ds, false)) {
      schema().forEach(d::createTensor);
      d.commit("schema", true);
    }
    return WriteTransaction.begin(ds, OpenOptions.defaults().withReadOnly(false));
  }

  // ------------------------------------------------------------------------------- fragment

  record FragmentResult(double refMBs, double engineMBs, double ratio, double p25, double p75) {}

  static FragmentResult fragment(int rows, int rounds, int warmup) {
    Batches data = new Batches(rows);
    System.out.printf(
        Locale.ROOT,
        "fragment: %d rows, %d batches of %d, %.1f MB of user bytes per op%n",
        rows,
        data.ids.length,
        BATCH,
        data.bytes / 1e6);
    byte[] dst = new byte[Math.toIntExact(data.bytes)];
    Arrays.fill(dst, (byte) 1); // touch the pages: the reference copies into warm memory
    try (WriteTransaction tx = memoryTransaction()) {
      WritePlan plan = tx.plan();
      double[] ref = new double[rounds];
      double[] eng = new double[rounds];
      double[] ratio = new double[rounds];
      double[] lim = new double[rounds];
      double[] limRatio = new double[rounds];
      for (int r = -warmup; r < rounds; r++) {
        long refNs;
        long engNs;
        if ((r & 1) == 0) {
          refNs = timeRef(data, dst);
          engNs = timeEngine(data, plan);
        } else {
          engNs = timeEngine(data, plan);
          refNs = timeRef(data, dst);
        }
        long limNs = timeFreshChunks(data);
        double refMBs = data.bytes / 1e6 / (refNs / 1e9);
        double engMBs = data.bytes / 1e6 / (engNs / 1e9);
        double limMBs = data.bytes / 1e6 / (limNs / 1e9);
        System.out.printf(
            Locale.ROOT,
            "  %s %2d: arraycopy %7.1f ms (%6.0f MB/s)  fragment %7.1f ms (%6.0f MB/s, %.2fM"
                + " rows/s)  ratio %.3f  [%s]  fresh-chunk copy %6.1f ms (ratio %.3f)%n",
            r < 0 ? "warmup" : "round ",
            r,
            refNs / 1e6,
            refMBs,
            engNs / 1e6,
            engMBs,
            rows / (engNs / 1e9) / 1e6,
            engMBs / refMBs,
            data.splitText(),
            limNs / 1e6,
            limMBs / refMBs);
        if (r >= 0) {
          ref[r] = refMBs;
          eng[r] = engMBs;
          ratio[r] = engMBs / refMBs;
          lim[r] = limMBs;
          limRatio[r] = limMBs / refMBs;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "fresh-chunk copy (the floor for new chunk arrays): %.0f MB/s, ratio %.3f (p25 %.3f, p75"
              + " %.3f)%n",
          median(lim),
          median(limRatio),
          pct(limRatio, 0.25),
          pct(limRatio, 0.75));
      tx.abort();
      FragmentResult res =
          new FragmentResult(
              median(ref), median(eng), median(ratio), pct(ratio, 0.25), pct(ratio, 0.75));
      System.out.printf(
          Locale.ROOT,
          "fragment result: arraycopy %.0f MB/s, fragment writer %.0f MB/s (%.2fM rows/s),"
              + " ratio %.3f (p25 %.3f, p75 %.3f) over %d rounds%n",
          res.refMBs,
          res.engineMBs,
          res.engineMBs * 1e6 / (data.bytes / (double) rows) / 1e6,
          res.ratio,
          res.p25,
          res.p75,
          rounds);
      return res;
    }
  }

  private static long timeRef(Batches data, byte[] dst) {
    long t0 = System.nanoTime();
    long n = data.arraycopy(dst);
    long t = System.nanoTime() - t0;
    if (n != data.bytes) {
      throw new IllegalStateException("arraycopy copied " + n + " of " + data.bytes);
    }
    sink += dst[(int) (t & 1023)];
    return t;
  }

  private static long timeFreshChunks(Batches data) {
    List<byte[]> keep = new ArrayList<>();
    long t0 = System.nanoTime();
    long n = data.freshChunks(keep);
    long t = System.nanoTime() - t0;
    if (n != data.bytes) {
      throw new IllegalStateException("fresh-chunk copy copied " + n + " of " + data.bytes);
    }
    sink += keep.size();
    return t;
  }

  private static long timeEngine(Batches data, WritePlan plan) {
    MemoryStorage chunks = new MemoryStorage("bench-chunks");
    long t0 = System.nanoTime();
    Fragment f = data.write(plan, chunks);
    long t = System.nanoTime() - t0;
    boolean ok = true;
    for (String c : COLUMNS) {
      ok &= f.items(c) == data.rows;
    }
    if (!ok) {
      throw new IllegalStateException("fragment holds " + f + ", expected " + data.rows + " rows");
    }
    sink += f.bytes();
    chunks.close();
    return t;
  }

  /**
   * Writes {@code data} as a fragment into the in-memory dataset of a fresh transaction, commits it
   * and checks every value read back (the smoke test's check; rows must be few).
   */
  static void checkFragmentRoundTrip(int rows) {
    Batches data = new Batches(rows);
    MemoryStorage storage = new MemoryStorage("bench-check");
    try (Dataset d = Dataset.create(storage, false)) {
      schema().forEach(d::createTensor);
      d.commit("schema", true);
    }
    try (WriteTransaction tx =
        WriteTransaction.begin(storage, OpenOptions.defaults().withReadOnly(false))) {
      Fragment f = data.write(tx.plan(), storage);
      tx.commit(List.of(f));
    }
    try (Dataset d = Dataset.open(storage, OpenOptions.defaults())) {
      checkRows(d, rows, 1);
    }
  }

  /** Checks every {@code step}-th of the first {@code rows} rows against the generator. */
  static void checkRows(Dataset d, long rows, long step) {
    for (String t : List.of("id", "label", "embedding", "text")) {
      if (d.tensor(t).length() != rows) {
        throw new IllegalStateException(
            "tensor " + t + " has " + d.tensor(t).length() + " rows, expected " + rows);
      }
    }
    float[] e = new float[DIM];
    for (long r = 0; r < rows; r += step) {
      long id = d.tensor("id").numpy(r).getLong(0);
      long label = d.tensor("label").numpy(r).getLong(0);
      d.tensor("embedding").numpy(r).copyTo(e, 0);
      String text = d.tensor("text").text(r);
      boolean ok = id == id(r) && label == label(r) && text.equals(text(r));
      for (int k = 0; k < DIM && ok; k++) {
        ok = e[k] == emb(r, k);
      }
      if (!ok) {
        throw new IllegalStateException(
            "row " + r + " reads back as id=" + id + " label=" + label + " text=" + text);
      }
    }
  }

  // --------------------------------------------------------------------------------- commit

  static double[] commit(Path dir, int fragments, int rowsPerFragment, int reps) {
    String path = dir.resolve("commit-bench").toString();
    Batches data = new Batches(rowsPerFragment);
    double[] ms = new double[reps];
    long total = 0;
    WriteTransaction.begin(path, OpenOptions.defaults().withReadOnly(false), schema(), null)
        .close(); // creates the dataset (and its first commit)
    for (int rep = 0; rep < reps; rep++) {
      try (WriteTransaction tx =
          WriteTransaction.begin(path, OpenOptions.defaults().withReadOnly(false))) {
        WritePlan plan = tx.plan();
        List<Fragment> frags = new ArrayList<>();
        long w0 = System.nanoTime();
        for (int i = 0; i < fragments; i++) {
          try (FragmentWriter w = FragmentWriter.open(plan)) {
            for (int b = 0; b < data.ids.length; b++) {
              w.extend("id", data.ids[b]);
              w.extend("label", data.labels[b]);
              w.extend("embedding", data.embs[b]);
              w.extend("text", data.texts.get(b));
            }
            frags.add(w.finish());
          }
        }
        long w1 = System.nanoTime();
        WriteTransaction.CommitResult r = tx.commit(frags);
        long c = System.nanoTime() - w1;
        total += r.rows();
        ms[rep] = c / 1e6;
        System.out.printf(
            Locale.ROOT,
            "commit %d: %d fragments x %d rows written in %.0f ms, commit %.1f ms (%d rows"
                + " published, version %s)%n",
            rep,
            fragments,
            rowsPerFragment,
            (w1 - w0) / 1e6,
            ms[rep],
            r.rows(),
            r.version());
      }
    }
    try (Dataset d = Dataset.open(path)) {
      if (d.tensor("text").length() != total
          || total != (long) reps * fragments * rowsPerFragment) {
        throw new IllegalStateException(
            "commit bench: " + d.tensor("text").length() + " rows, expected " + total);
      }
      // Each fragment holds rows 0..rowsPerFragment-1 of the generator.
      for (long r = 0; r < total; r += Math.max(1, total / 97)) {
        long local = r % rowsPerFragment;
        if (d.tensor("id").numpy(r).getLong(0) != id(local)
            || !d.tensor("text").text(r).equals(text(local))) {
          throw new IllegalStateException("commit bench: row " + r + " reads back wrong");
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "commit result: %d fragments x %d rows, latency median %.1f ms, min %.1f, max %.1f over"
            + " %d commits%n",
        fragments,
        rowsPerFragment,
        median(ms),
        Arrays.stream(ms).min().orElse(0),
        Arrays.stream(ms).max().orElse(0),
        reps);
    return ms;
  }

  // --------------------------------------------------------------------------------- import

  /** Writes ROWS rows as JSON Lines (and the import schema); returns the file's size. */
  static long writeJsonl(Path jsonl, Path schemaFile, long rows) throws IOException {
    Files.writeString(
        schemaFile,
        "{\"tensors\": [{\"name\": \"id\", \"htype\": \"generic\", \"dtype\": \"int64\"},"
            + " {\"name\": \"label\", \"htype\": \"class_label\", \"class_names\": [\"c0\","
            + " \"c1\", \"c2\", \"c3\", \"c4\", \"c5\", \"c6\", \"c7\", \"c8\", \"c9\"]},"
            + " {\"name\": \"embedding\", \"htype\": \"embedding\", \"dtype\": \"float32\"},"
            + " {\"name\": \"text\", \"htype\": \"text\"}]}\n");
    StringBuilder line = new StringBuilder(2048);
    try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
      for (long r = 0; r < rows; r++) {
        line.setLength(0);
        line.append("{\"id\": ").append(id(r)).append(", \"label\": ").append(label(r));
        line.append(", \"embedding\": [");
        for (int d = 0; d < DIM; d++) {
          if (d > 0) {
            line.append(',');
          }
          int milli = Math.round(emb(r, d) * 1000f);
          appendMilli(line, milli);
        }
        line.append("], \"text\": \"").append(text(r)).append("\"}\n");
        w.append(line);
      }
    }
    return Files.size(jsonl);
  }

  private static void appendMilli(StringBuilder b, int milli) {
    if (milli < 0) {
      b.append('-');
      milli = -milli;
    }
    b.append(milli / 1000);
    int frac = milli % 1000;
    if (frac != 0) {
      b.append('.');
      String f = Integer.toString(frac + 1000).substring(1);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      b.append(f, 0, end);
    }
  }

  static void importRows(Path dir, long rows, Path repo) throws Exception {
    Path jsonl = dir.resolve("rows.jsonl");
    Path schemaFile = dir.resolve("schema.json");
    long g0 = System.nanoTime();
    long size = writeJsonl(jsonl, schemaFile, rows);
    System.out.printf(
        Locale.ROOT,
        "import: wrote %s (%.1f MB, %d rows) in %.1f s%n",
        jsonl,
        size / 1e6,
        rows,
        (System.nanoTime() - g0) / 1e9);
    Path target = dir.resolve("imported");
    ProcessBuilder pb =
        new ProcessBuilder(
            "/usr/bin/time",
            "-v",
            repo.resolve("bin/deeplake").toString(),
            "import",
            target.toString(),
            "--schema",
            schemaFile.toString(),
            "--jsonl",
            jsonl.toString());
    pb.environment().put("DEEPLAKE_JAVA_OPTS", "-Xmx256m");
    pb.redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    double secs = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      throw new IllegalStateException("bin/deeplake import failed (" + rc + "):\n" + out);
    }
    long rssKb = -1;
    String wall = "?";
    String cpuUser = "?";
    String cpuSys = "?";
    for (String l : out.split("\n")) {
      String s = l.trim();
      if (s.startsWith("Maximum resident set size (kbytes):")) {
        rssKb = Long.parseLong(s.substring(s.indexOf(':') + 1).trim());
      } else if (s.startsWith("Elapsed (wall clock) time")) {
        wall = s.substring(s.lastIndexOf(": ") + 2);
      } else if (s.startsWith("User time (seconds):")) {
        cpuUser = s.substring(s.indexOf(':') + 1).trim();
      } else if (s.startsWith("System time (seconds):")) {
        cpuSys = s.substring(s.indexOf(':') + 1).trim();
      }
    }
    try (Dataset d = Dataset.open(target.toString())) {
      checkRows(d, rows, Math.max(1, rows / 1000));
    }
    System.out.printf(
        Locale.ROOT,
        "import result: %d rows in %.1f s (wall %s, user %s s, sys %s s) = %.0f rows/s, %.1f MB/s"
            + " of JSON; peak RSS %.0f MB (-Xmx256m); dataset checked%n",
        rows,
        secs,
        wall,
        cpuUser,
        cpuSys,
        rows / secs,
        size / 1e6 / secs,
        rssKb / 1024.0);
  }

  // ----------------------------------------------------------------------------------- main

  private static double median(double[] v) {
    return pct(v, 0.5);
  }

  private static double pct(double[] v, double p) {
    double[] s = v.clone();
    Arrays.sort(s);
    double x = p * (s.length - 1);
    int lo = (int) Math.floor(x);
    int hi = (int) Math.ceil(x);
    return s[lo] + (s[hi] - s[lo]) * (x - lo);
  }

  private static Path repoRoot() {
    String prop = System.getProperty("deeplake4j.root");
    if (prop != null) {
      return Path.of(prop).toAbsolutePath();
    }
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("bin/deeplake"))) {
        return p;
      }
    }
    throw new IllegalStateException("bin/deeplake not found above " + here);
  }

  public static void main(String[] args) throws Exception {
    List<String> modes =
        Arrays.asList((args.length > 0 ? args[0] : "fragment,commit,import").split(","));
    boolean tempDir = args.length < 2;
    Path dir =
        tempDir
            ? Files.createTempDirectory("dl4j-txn-bench")
            : Files.createDirectories(Path.of(args[1]));
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 7;
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cpus, max heap %d MB; /proc/pressure/cpu: %s%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        pressure());
    try {
      for (String m : modes) {
        switch (m) {
          case "fragment" -> fragment(rows, rounds, 3);
          case "commit" -> commit(dir, 64, 10_000, 5);
          case "import" -> importRows(dir, rows, repoRoot());
          default -> throw new IllegalArgumentException("mode: fragment, commit or import");
        }
        System.out.printf(Locale.ROOT, "(/proc/pressure/cpu after %s: %s)%n", m, pressure());
      }
    } finally {
      if (tempDir) {
        deleteTree(dir);
      }
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static String pressure() {
    try {
      return Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
