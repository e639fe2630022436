package org.deeplake4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.deeplake4j.spark.ScanData.metric;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan's custom metrics, read from the executed plan: chunks read and skipped, chunk bytes,
 * rows returned, decode time; and the bytes a full scan reads, bounded by the chunk bytes of the
 * scanned tensors although partitions cut through chunks of the tensors they are not aligned to.
 */
class ScanMetricsTest {
  private static final int ROWS = 20_000;
  @TempDir static Path dir;
  private static Path data;

  @BeforeAll
  static void write() {
    data = dir.resolve("metrics");
    ScanData.write(data, ROWS, ROWS);
  }

  private static Dataset<Row> read(String... options) {
    var r = SharedSpark.get().read().format("deeplake");
    for (int i = 0; i < options.length; i += 2) {
      r = r.option(options[i], options[i + 1]);
    }
    return r.load(data.toString());
  }

  @Test
  void scansDeclareTheirMetrics() {
    Dataset<Row> df = read().selectExpr("sum(id)");
    df.collectAsList();
    BatchScanExec scan = ScanData.scans(df).get(0);
    List<String> names =
        Arrays.stream(scan.scan().supportedCustomMetrics()).map(m -> m.name()).toList();
    assertThat(names)
        .containsExactly(
            DeepLakeMetrics.CHUNKS_READ,
            DeepLakeMetrics.CHUNKS_SKIPPED,
            DeepLakeMetrics.BYTES_READ,
            DeepLakeMetrics.ROWS_RETURNED,
            DeepLakeMetrics.DECODE_TIME,
            DeepLakeMetrics.ROWS_FILTERED_BY_QUERY);
    assertThat(new DeepLakeMetrics.DecodeTime().aggregateTaskMetrics(new long[] {1_500_000, 0}))
        .isEqualTo("1.5 ms");
  }

  @Test
  void fullScanReadsEachChunkByteAboutOnce() {
    // 160 KB partitions: cuts at emb's chunks (the most), inside chunks of id, label and score.
    Dataset<Row> df =
        read("partitionBytes", String.valueOf(160 << 10))
            .selectExpr("sum(id)", "sum(label)", "sum(emb[0])", "sum(score)", "sum(length(text))");
    List<Row> rows = df.collectAsList();
    assertThat(rows.get(0).getLong(0)).isEqualTo((long) ROWS * (ROWS - 1) / 2);
    assertThat(rows.get(0).getLong(4)).isEqualTo(11L * ROWS);
    assertThat(read("partitionBytes", String.valueOf(160 << 10)).rdd().getNumPartitions())
        .isGreaterThan(4);
    long stored = ScanData.chunkBytes(data, "id", "label", "emb", "score", "text");
    long chunks =
        ScanData.chunkCount(data, "text")
            + ScanData.chunkCount(data, "id")
            + ScanData.chunkCount(data, "label")
            + ScanData.chunkCount(data, "emb")
            + ScanData.chunkCount(data, "score");
    long bytes = metric(df, DeepLakeMetrics.BYTES_READ);
    assertThat(bytes).as("bytes read vs %d stored", stored).isLessThanOrEqualTo(stored * 11 / 10);
    assertThat(bytes).isGreaterThan(stored * 9 / 10);
    // A chunk cut by a partition boundary is read (by byte range) by both tasks.
    assertThat(metric(df, DeepLakeMetrics.CHUNKS_READ)).isGreaterThanOrEqualTo(chunks);
    assertThat(metric(df, DeepLakeMetrics.CHUNKS_SKIPPED)).isZero();
    assertThat(metric(df, DeepLakeMetrics.ROWS_RETURNED)).isEqualTo(ROWS);
    assertThat(metric(df, DeepLakeMetrics.DECODE_TIME)).isPositive();
  }

  @Test
  void lz4ChunksAreDecompressedOncePerTask() {
    // Each task reads every lz4 chunk of its rows once (whole), although it fills many batches.
    Dataset<Row> df = read("batchSize", "100").selectExpr("sum(z[0])", "sum(z[7])");
    df.collectAsList();
    long stored = ScanData.chunkBytes(data, "z");
    assertThat(metric(df, DeepLakeMetrics.BYTES_READ)).isLessThanOrEqualTo(stored * 11 / 10);
    assertThat(metric(df, DeepLakeMetrics.CHUNKS_READ)).isEqualTo(ScanData.chunkCount(data, "z"));
  }

  @Test
  void selectivePredicatesSkipChunks() {
    // Batches of 512 rows without id = 777 are skipped before emb is read.
    Dataset<Row> df =
        read("batchSize", "512").where("id = 777").selectExpr("id", "emb[0]", "_index");
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getLong(2)).isEqualTo(777L);
    assertThat(metric(df, DeepLakeMetrics.CHUNKS_SKIPPED)).isPositive();
    assertThat(metric(df, DeepLakeMetrics.ROWS_RETURNED)).isEqualTo(512);
    long all = ScanData.chunkBytes(data, "id", "emb");
    assertThat(metric(df, DeepLakeMetrics.BYTES_READ)).isLessThan(all / 2);
  }

  @Test
  void rowReaderReportsMetricsToo() {
    // A pushed top-n is read by the row reader.
    Dataset<Row> df = read().selectExpr("id", "score").orderBy("score").limit(3);
    List<Row> rows = df.collectAsList();
    assertThat(rows).hasSize(3);
    long parts = read().rdd().getNumPartitions();
    assertThat(metric(df, DeepLakeMetrics.ROWS_RETURNED)).isLessThanOrEqualTo(3 * parts);
    assertThat(metric(df, DeepLakeMetrics.BYTES_READ)).isPositive();
  }
}
