package org.deeplake4j.spark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.deeplake4j.engine.TensorSpec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Deep Lake through the connector against Parquet on local[2]: the same rows (id long, label
 * class_label of 10 classes, embedding float32[128], text) in both formats, the same queries, the
 * median of several runs each. Run with {@code mvn -pl connector -am -Pspark-bench -DskipTests
 * test}; arguments in {@code -Dspark.bench.args="ROWS RUNS DIR"}.
 *
 * <p>The Deep Lake dataset is written by the engine; the Parquet copy is written by Spark from the
 * Deep Lake read, so both hold identical values.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path work = Path.of(args.length > 2 ? args[2] : "target/spark-bench");
    Files.createDirectories(work);
    Path dl = work.resolve("deeplake-" + rows);
    Path pq = work.resolve("parquet-" + rows);

    if (!Files.exists(dl.resolve("dataset_meta.json"))) {
      long t0 = System.nanoTime();
      write(dl, rows);
      System.out.printf(Locale.ROOT, "write deeplake (engine, 1 thread): %.2f s%n", secs(t0));
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("deeplake4j-spark-bench")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    Dataset<Row> deeplake = spark.read().format("deeplake").load(dl.toString());
    if (!Files.exists(pq)) {
      long t0 = System.nanoTime();
      deeplake.write().parquet(pq.toString());
      System.out.printf(Locale.ROOT, "read deeplake + write parquet (Spark): %.2f s%n", secs(t0));
    }
    Dataset<Row> parquet = spark.read().parquet(pq.toString());
    System.out.printf(
        Locale.ROOT,
        "rows %d; on disk: deeplake %.1f MB, parquet %.1f MB; deeplake partitions %d%n",
        rows,
        size(dl) / 1e6,
        size(pq) / 1e6,
        deeplake.rdd().getNumPartitions());

    // The queries A-E, then more shapes; a 4th argument "A,C,D" runs only those.
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put(
        "A sum(embedding[0]), sum(embedding[127])",
        "SELECT sum(embedding[0]), sum(embedding[127]) FROM %s");
    queries.put(
        "B sum(explode(embedding))", "SELECT sum(e) FROM (SELECT explode(embedding) AS e FROM %s)");
    queries.put(
        "C count, sum(embedding[0]) WHERE label=3",
        "SELECT count(*), sum(embedding[0]) FROM %s WHERE label = 3");
    queries.put("D count(*)", "SELECT count(*) FROM %s");
    queries.put("E sum(label)", "SELECT sum(label) FROM %s");
    queries.put(
        "F full scan, every column",
        "SELECT sum(id), sum(label), sum(size(embedding)), sum(length(text)) FROM %s");
    queries.put("G max(length(text))", "SELECT max(length(text)) FROM %s");
    queries.put("H rows WHERE id = 777 (all columns)", "SELECT * FROM %s WHERE id = 777");
    String only = args.length > 3 ? args[3] : "";
    if (!only.isEmpty()) {
      List<String> keep = Arrays.asList(only.split(","));
      queries.keySet().removeIf(k -> !keep.contains(k.substring(0, 1)));
    }

    deeplake.createOrReplaceTempView("dl");
    parquet.createOrReplaceTempView("pq");
    System.out.printf(
        Locale.ROOT,
        "%-42s %10s %10s %7s %7s %12s  %s%n",
        "query",
        "deeplake s",
        "parquet s",
        "ratio",
        "paired",
        "dl chunk MB",
        "(medians of " + runs + "; all runs)");
    // Spark's fixed cost of one query with a one-task job and no data (the floor of D).
    double[] floor = new double[runs];
    for (int i = 0; i < runs; i++) {
      floor[i] = time(spark, "SELECT count(*) FROM range(0, 1, 1, 1)");
    }
    System.out.printf(
        Locale.ROOT,
        "%-42s %10.3f %10s  %s%n",
        "floor: SELECT count(*) FROM range(1)",
        median(floor),
        "",
        fmt(floor));
    for (var q : queries.entrySet()) {
      // Runs alternate between the formats, so a change in machine load hits both alike.
      double[] a = new double[runs];
      double[] b = new double[runs];
      for (int i = 0; i < runs; i++) {
        a[i] = time(spark, String.format(q.getValue(), "dl"));
        b[i] = time(spark, String.format(q.getValue(), "pq"));
      }
      Dataset<Row> dq = spark.sql(String.format(q.getValue(), "dl"));
      List<Row> ra = dq.collectAsList();
      List<Row> rb = spark.sql(String.format(q.getValue(), "pq")).collectAsList();
      double[] paired = new double[runs];
      for (int i = 0; i < runs; i++) {
        paired[i] = a[i] / b[i];
      }
      System.out.printf(
          Locale.ROOT,
          "%-42s %10.3f %10.3f %7.2f %7.2f %12.1f  dl %s pq %s%s%n",
          q.getKey(),
          median(a),
          median(b),
          median(a) / median(b),
          median(paired),
          chunkBytes(dq) / 1e6,
          fmt(a),
          fmt(b),
          same(ra, rb) ? "" : "  RESULTS DIFFER: " + ra + " vs " + rb);
    }
    spark.stop();
  }

  private static void write(Path dir, int rows) {
    SplittableRandom rnd = new SplittableRandom(42);
    List<String> classes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      classes.add("class-" + i);
    }
    try (org.deeplake4j.engine.Dataset ds = org.deeplake4j.engine.Dataset.create(dir.toString())) {
      ds.createTensor("id", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("label", TensorSpec.of("class_label").withClassNames(classes));
      ds.createTensor("embedding", TensorSpec.of("embedding").withDtype("float32"));
      ds.createTensor("text", TensorSpec.of("text"));
      float[] e = new float[128];
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < rows; i++) {
        for (int k = 0; k < e.length; k++) {
          e[k] = (float) rnd.nextGaussian();
        }
        row.put("id", (long) i);
        row.put("label", rnd.nextInt(10));
        row.put("embedding", e.clone());
        row.put("text", "row " + i + " " + Long.toHexString(rnd.nextLong()));
        ds.append(row);
      }
    }
  }

  /** Equal results; floating point sums within 1e-9 relative (summation order differs). */
  private static boolean same(List<Row> a, List<Row> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Row x = a.get(i);
      Row y = b.get(i);
      for (int k = 0; k < x.size(); k++) {
        Object u = x.get(k);
        Object v = y.get(k);
        if (u instanceof Double du && v instanceof Double dv) {
          if (Math.abs(du - dv) > 1e-9 * Math.max(1, Math.abs(du))) {
            return false;
          }
        } else if (!java.util.Objects.equals(String.valueOf(u), String.valueOf(v))) {
          return false;
        }
      }
    }
    return true;
  }

  /** The chunk bytes the deeplake scans of a query that has run read (their metric). */
  private static long chunkBytes(Dataset<Row> df) {
    List<SparkPlan> todo = new ArrayList<>(List.of(df.queryExecution().executedPlan()));
    long sum = 0;
    while (!todo.isEmpty()) {
      SparkPlan p = todo.remove(todo.size() - 1);
      if (p instanceof BatchScanExec b && b.metrics().contains("chunkBytesRead")) {
        sum += b.metrics().apply("chunkBytesRead").value();
      } else if (p instanceof AdaptiveSparkPlanExec ad) {
        todo.add(ad.executedPlan());
      } else if (p instanceof QueryStageExec qs) {
        todo.add(qs.plan());
      }
      todo.addAll(CollectionConverters.asJava(p.children()));
    }
    return sum;
  }

  private static double time(SparkSession spark, String sql) {
    long t0 = System.nanoTime();
    spark.sql(sql).collectAsList();
    return secs(t0);
  }

  private static double median(double[] a) {
    double[] s = a.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static String fmt(double[] a) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < a.length; i++) {
      sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", a[i]));
    }
    return sb.append(']').toString();
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long size(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
