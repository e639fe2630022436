package org.deeplake4j.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.deeplake4j.engine.scan.CountingStorage;

/**
 * The custom metrics of deeplake scans, shown on the scan node in the Spark UI and kept in {@code
 * BatchScanExec.metrics()}: chunks read and skipped, chunk bytes read, rows returned, the time
 * spent filling batches and the rows the {@code query} condition filtered out in the partitions.
 * Every metric is a sum over tasks. The metric classes are public with no-argument constructors
 * because Spark instantiates them by name on the driver.
 */
public final class DeepLakeMetrics {
  static final String CHUNKS_READ = "chunksRead";
  static final String CHUNKS_SKIPPED = "chunksSkipped";
  static final String BYTES_READ = "chunkBytesRead";
  static final String ROWS_RETURNED = "rowsReturned";
  static final String DECODE_TIME = "decodeTime";
  static final String ROWS_FILTERED_BY_QUERY = "rowsFilteredByQuery";

  private DeepLakeMetrics() {}

  /** The metrics every deeplake scan declares. */
  static CustomMetric[] supported() {
    return new CustomMetric[] {
      new ChunksRead(),
      new ChunksSkipped(),
      new BytesRead(),
      new RowsReturned(),
      new DecodeTime(),
      new RowsFilteredByQuery()
    };
  }

  /** A reader's current values, as Spark asks for them. */
  static CustomTaskMetric[] values(
      long chunksRead,
      long chunksSkipped,
      long bytesRead,
      long rows,
      long decodeNanos,
      long queryFiltered) {
    return new CustomTaskMetric[] {
      task(CHUNKS_READ, chunksRead),
      task(CHUNKS_SKIPPED, chunksSkipped),
      task(BYTES_READ, bytesRead),
      task(ROWS_RETURNED, rows),
      task(DECODE_TIME, decodeNanos),
      task(ROWS_FILTERED_BY_QUERY, queryFiltered)
    };
  }

  private static CustomTaskMetric task(String name, long value) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return value;
      }
    };
  }

  /**
   * The counters of one partition reader. Chunks skipped are the chunks of the scanned tensors that
   * overlap the partition's rows but were not read (batches without a match of the row filter, rows
   * not selected by a pushed top-n). Not thread-safe (one reader, one thread).
   */
  static final class Counters {
    private final CountingStorage storage;
    private final long chunksInRange;
    long rows;
    long decodeNanos;
    long queryFiltered;

    Counters(CountingStorage storage, long chunksInRange) {
      this.storage = storage;
      this.chunksInRange = chunksInRange;
    }

    CustomTaskMetric[] values() {
      long read = storage == null ? 0 : storage.chunksRead();
      long bytes = storage == null ? 0 : storage.chunkBytesRead();
      return DeepLakeMetrics.values(
          read, Math.max(0, chunksInRange - read), bytes, rows, decodeNanos, queryFiltered);
    }
  }

  /** Distinct chunk objects read. */
  public static final class ChunksRead extends CustomSumMetric {
    @Override
    public String name() {
      return CHUNKS_READ;
    }

    @Override
    public String description() {
      return "chunks read";
    }
  }

  /** Chunks of the scanned tensors in the scanned rows that were never read. */
  public static final class ChunksSkipped extends CustomSumMetric {
    @Override
    public String name() {
      return CHUNKS_SKIPPED;
    }

    @Override
    public String description() {
      return "chunks skipped";
    }
  }

  /** Bytes fetched from chunk objects (headers included; metadata and encoders not). */
  public static final class BytesRead extends CustomSumMetric {
    @Override
    public String name() {
      return BYTES_READ;
    }

    @Override
    public String description() {
      return "chunk bytes read";
    }
  }

  /** Rows handed to Spark (before Spark's own filters). */
  public static final class RowsReturned extends CustomSumMetric {
    @Override
    public String name() {
      return ROWS_RETURNED;
    }

    @Override
    public String description() {
      return "rows returned by deeplake";
    }
  }

  /**
   * Rows of the partitions the {@code query} option's condition rejected (evaluated by the readers
   * on the executors; 0 when the query runs on the driver).
   */
  public static final class RowsFilteredByQuery extends CustomSumMetric {
    @Override
    public String name() {
      return ROWS_FILTERED_BY_QUERY;
    }

    @Override
    public String description() {
      return "rows filtered by the query condition";
    }
  }

  /** Time spent reading and decoding into batches or rows; task values in ns, shown in ms. */
  public static final class DecodeTime implements CustomMetric {
    @Override
    public String name() {
      return DECODE_TIME;
    }

    @Override
    public String description() {
      return "read and decode time";
    }

    @Override
    public String aggregateTaskMetrics(long[] taskMetrics) {
      long sum = 0;
      for (long v : taskMetrics) {
        sum += v;
      }
      return String.format(java.util.Locale.ROOT, "%.1f ms", sum / 1e6);
    }
  }
}
