package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.deeplake4j.engine.TensorSpec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Datasets for the scan tests, written by the engine with small chunks so that partitions cut
 * through chunks of the tensors they are not aligned to, and helpers reading a query's scan metrics
 * from its executed plan.
 */
final class ScanData {
  private ScanData() {}

  /**
   * {@code rows} rows: {@code id} int64 (32 KB chunks), {@code label} class_label of 10 classes (16
   * KB chunks), {@code emb} float32[16] (128 KB chunks), {@code score} float32 (unique values, 8 KB
   * chunks), {@code z} float32[8] lz4-chunk-compressed (64 KB chunks) and, when {@code shortRows}
   * is below {@code rows}, {@code short} int32 with only {@code shortRows} rows.
   */
  static void write(Path dir, int rows, int shortRows) {
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> classes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      classes.add("c" + i);
    }
    try (org.deeplake4j.engine.Dataset ds = org.deeplake4j.engine.Dataset.create(dir.toString())) {
      ds.createTensor("id", TensorSpec.generic().withDtype("int64").withMaxChunkSize(32 << 10));
      ds.createTensor(
          "label", TensorSpec.of("class_label").withClassNames(classes).withMaxChunkSize(16 << 10));
      ds.createTensor(
          "emb", TensorSpec.of("embedding").withDtype("float32").withMaxChunkSize(128 << 10));
      ds.createTensor("score", TensorSpec.generic().withDtype("float32").withMaxChunkSize(8 << 10));
      ds.createTensor(
          "z",
          TensorSpec.generic()
              .withDtype("float32")
              .withChunkCompression("lz4")
              .withMaxChunkSize(64 << 10));
      ds.createTensor("text", TensorSpec.of("text").withMaxChunkSize(16 << 10));
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < rows; i++) {
        float[] e = new float[16];
        for (int k = 0; k < e.length; k++) {
          e[k] = (float) rnd.nextGaussian();
        }
        float[] z = new float[8];
        for (int k = 0; k < z.length; k++) {
          z[k] = (i % 100) + k; // compressible
        }
        row.put("id", (long) i);
        row.put("label", rnd.nextInt(10));
        row.put("emb", e);
        row.put("score", (float) ((i * 7919L) % rows) + 0.5f); // a permutation: unique
        row.put("z", z);
        // Fixed width: one byte-position row per chunk, so chunk headers stay small.
        row.put("text", String.format(java.util.Locale.ROOT, "row %07d", i));
        ds.append(row);
      }
      if (shortRows < rows) {
        ds.createTensor("short", TensorSpec.generic().withDtype("int32"));
        for (int i = 0; i < shortRows; i++) {
          ds.tensor("short").append(i * 3);
        }
      }
    }
  }

  /** Sum of the sizes of the chunk files of {@code tensors} (one version: all of them). */
  static long chunkBytes(Path dir, String... tensors) {
    long sum = 0;
    for (String t : tensors) {
      Path chunks = dir.resolve(t).resolve("chunks");
      try (Stream<Path> files = Files.list(chunks)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          sum += Files.size(f);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sum;
  }

  /** Number of chunk files of {@code tensor}. */
  static long chunkCount(Path dir, String tensor) {
    try (Stream<Path> files = Files.list(dir.resolve(tensor).resolve("chunks"))) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The deeplake scans of a query that has run, with their metrics. */
  static List<BatchScanExec> scans(Dataset<Row> df) {
    List<BatchScanExec> out = new ArrayList<>();
    collect(df.queryExecution().executedPlan(), out);
    assertThat(out).as("scans in %s", df.queryExecution().executedPlan()).isNotEmpty();
    return out;
  }

  private static void collect(SparkPlan p, List<BatchScanExec> out) {
    if (p instanceof BatchScanExec b) {
      out.add(b);
    } else if (p instanceof AdaptiveSparkPlanExec a) {
      collect(a.executedPlan(), out);
    } else if (p instanceof QueryStageExec q) {
      collect(q.plan(), out);
    }
    for (SparkPlan c : CollectionConverters.asJava(p.children())) {
      collect(c, out);
    }
  }

  /** A metric summed over the deeplake scans of a query that has run. */
  static long metric(Dataset<Row> df, String name) {
    long sum = 0;
    for (BatchScanExec s : scans(df)) {
      sum += s.metrics().apply(name).value();
    }
    return sum;
  }

  /** Runs the query, then returns its rows. */
  static List<Row> run(Dataset<Row> df) {
    return df.collectAsList();
  }
}
