package org.deeplake4j.examples;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.types.CommitNode;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.TensorMetadata;

/**
 * The README's main job: opens a Deep Lake 3.x dataset (by default the small sample in
 * examples/data/sample, written by Python deeplake 3.9.52) and prints its summary, its history on
 * every branch, and a few samples of every tensor.
 *
 * <p>Usage: {@code java -jar examples/target/deeplake4j-examples.jar [PATH[@ref]]}
 */
public final class MainJob {
  private MainJob() {}

  public static void main(String[] args) {
    String path = args.length > 0 ? args[0] : defaultDataset();
    run(path, System.out);
  }

  /** The sample dataset shipped in the repository, found from the working directory. */
  static String defaultDataset() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path cand = p.resolve("examples/data/sample");
      if (Files.exists(cand.resolve("dataset_meta.json"))) {
        return cand.toString();
      }
    }
    throw new IllegalStateException(
        "examples/data/sample not found: run from the repository or pass a dataset path");
  }

  /** Prints summary, history and samples of the dataset at {@code path} to {@code out}. */
  static void run(String path, PrintStream out) {
    try (Dataset ds = Dataset.open(path)) {
      out.printf("Dataset %s%n", ds.path());
      out.printf(
          "  branch %s, commit %s, %d rows, info %s%n",
          ds.branch(), ds.commitId(), ds.length(), ds.info());
      out.println();
      out.println("Summary");
      out.printf(
          "  %-12s %-14s %-8s %-6s %-22s %s%n",
          "tensor", "htype", "dtype", "rows", "shape", "compression");
      for (Tensor t : ds.tensors().values()) {
        TensorMetadata m = t.metadata();
        out.printf(
            "  %-12s %-14s %-8s %-6d %-22s %s%n",
            t.name(),
            t.htype(),
            m.dtypeName(),
            t.length(),
            Arrays.toString(m.minShape()) + ".." + Arrays.toString(m.maxShape()),
            m.sampleCompression() != null
                ? m.sampleCompression()
                : String.valueOf(m.chunkCompression()));
      }
      out.println();
      out.println("History");
      for (String branch : ds.branches()) {
        try (Dataset b = Dataset.open(path, branch)) {
          out.printf("  branch %s (%d rows)%n", branch, b.length());
          for (CommitNode c : b.log()) {
            out.printf(
                "    %s  %s  %s%n",
                c.id().substring(0, 12),
                Instant.ofEpochMilli((long) (c.commitTime() * 1000)),
                c.message());
          }
        }
      }
      out.println();
      out.println("Samples (first 3 rows)");
      for (Tensor t : ds.tensors().values()) {
        for (long i = 0; i < Math.min(3, t.length()); i++) {
          out.printf("  %s[%d] = %s%n", t.name(), i, describe(t, i));
        }
      }
      diffBranches(path, out);
    }
  }

  private static void diffBranches(String path, PrintStream out) {
    List<String> branches;
    try (Dataset ds = Dataset.open(path)) {
      branches = ds.branches();
    }
    if (!branches.contains("relabel") || !branches.contains("main")) {
      return;
    }
    try (Dataset main = Dataset.open(path, "main");
        Dataset relabel = Dataset.open(path, "relabel")) {
      out.println();
      out.println("Labels that differ between main and relabel");
      Tensor a = main.tensor("labels");
      Tensor b = relabel.tensor("labels");
      for (long i = 0; i < Math.min(a.length(), b.length()); i++) {
        long x = a.numpy(i).getLong(0);
        long y = b.numpy(i).getLong(0);
        if (x != y) {
          out.printf(
              "  row %d: main=%s relabel=%s%n",
              i, a.classNames().get((int) x), b.classNames().get((int) y));
        }
      }
    }
  }

  private static String describe(Tensor t, long i) {
    switch (t.baseType()) {
      case TEXT:
        return '"' + t.text(i) + '"';
      case JSON:
      case LIST:
      case TAG:
        return t.json(i).toString();
      case CLASS_LABEL:
        {
          NdArray a = t.numpy(i);
          StringBuilder sb = new StringBuilder();
          for (int k = 0; k < a.size(); k++) {
            long idx = a.getLong(k);
            sb.append(k == 0 ? "" : ", ")
                .append(idx)
                .append(" (")
                .append(t.classNames().get((int) idx))
                .append(')');
          }
          return sb.toString();
        }
      case IMAGE:
        {
          NdArray px = t.numpy(i);
          long sum = 0;
          for (int k = 0; k < px.size(); k++) {
            sum += px.getLong(k);
          }
          return String.format(
              "image %s, %d png bytes, mean pixel %.2f",
              Arrays.toString(px.shape()), t.bytes(i).length, (double) sum / px.size());
        }
      default:
        {
          NdArray a = t.numpy(i);
          float[] f = a.toFloatArray();
          return a.dtype().numpyName() + Arrays.toString(a.shape()) + " " + Arrays.toString(f);
        }
    }
  }
}
