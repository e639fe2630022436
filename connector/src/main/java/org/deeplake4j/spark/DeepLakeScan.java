package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructType;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetPath;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.RowCondition;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.Tql;
import org.deeplake4j.engine.filter.RowFilter;
import org.deeplake4j.engine.filter.RowFilters;
import org.deeplake4j.engine.filter.RowRanges;
import org.deeplake4j.engine.filter.UnsupportedFilterException;
import org.deeplake4j.engine.scan.CountingStorage;
import org.deeplake4j.engine.scan.RowSplits;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * A planned read of one pinned dataset version: the version node is resolved when the scan is
 * planned ({@link #plan}), and every partition reads that node. Partitions are row ranges cut at
 * the chunk boundaries of the largest scanned tensor and merged up to the {@code partitionBytes}
 * option; the other tensors are read by byte range where partitions cut their chunks. Immutable.
 */
final class DeepLakeScan implements Scan, Batch, SupportsReportStatistics {
  private final DeepLakeSnapshot snapshot;
  private final ReadSpec spec;
  private final List<long[]> splits;
  private final List<Predicate> pushed;
  private final Integer limit;
  private final Integer offset;
  private final TopN topN;
  private final long rows;
  private final double bytesPerRow;
  private final boolean columnar;

  private DeepLakeScan(
      DeepLakeSnapshot snapshot,
      ReadSpec spec,
      List<long[]> splits,
      List<Predicate> pushed,
      Integer limit,
      Integer offset,
      TopN topN,
      long rows,
      double bytesPerRow,
      boolean columnar) {
    this.snapshot = snapshot;
    this.spec = spec;
    this.splits = splits;
    this.pushed = List.copyOf(pushed);
    this.limit = limit;
    this.offset = offset;
    this.topN = topN;
    this.rows = rows;
    this.bytesPerRow = bytesPerRow;
    this.columnar = columnar;
  }

  /**
   * Plans a scan: pins the version of {@code options} now, picks rows (exact {@code _index}
   * filters, the superset of rows {@code rowFilter} can match, the limit) and cuts partitions.
   *
   * @param exactFilter a filter on {@code _index} only, applied exactly, or null
   * @param rowFilter a filter the row reader applies (Spark evaluates it again), or null
   * @param limit the pushed limit (only without a row filter or query condition), or null
   * @param offset rows to skip after the limit (only without a row filter or query condition), or
   *     null
   * @param topN a pushed top-n (only without a row filter, query condition or limit), or null
   */
  static DeepLakeScan plan(
      DeepLakeTable table,
      DeepLakeOptions options,
      StructType required,
      List<Predicate> pushed,
      RowFilter exactFilter,
      RowFilter rowFilter,
      Integer limit,
      Integer offset,
      TopN topN) {
    try (Dataset ds = DeepLakeSnapshot.open(options)) {
      DeepLakeSnapshot snap = DeepLakeSnapshot.of(ds, options);
      if (!snap.schema().equals(table.schema())) {
        throw DeepLakeErrors.schemaChanged(
            options.path(), table.schema().simpleString(), snap.schema().simpleString());
      }
      List<ReadField> fields = snap.readFields(required);
      long rowCount = snap.rowCount();
      RowRanges rows = RowRanges.of(0, rowCount);
      if (exactFilter != null) {
        rows = rows.intersect(RowFilters.rowRanges(exactFilter, rowCount));
      }
      String condition = null;
      Set<String> conditionTensors = Set.of();
      if (options.query() != null) {
        if (DeepLakeQueries.inPartitions(options)) {
          // Checked here (errors before any job); evaluated by the partitions.
          condition = options.query();
          conditionTensors = DeepLakeQueries.tensors(ds, condition);
        } else if (!isSelectAll(options.query())) {
          rows = rows.intersect(DeepLakeQueries.rows(ds, options, rowCount));
        }
      }
      RowFilter filter = rowFilter;
      if (filter != null) {
        try {
          RowFilters.check(ds, filter);
          rows = rows.intersect(RowFilters.rowRanges(filter, rowCount));
        } catch (UnsupportedFilterException e) {
          filter = null; // Spark evaluates every such predicate after the scan anyway
        }
      }
      if (limit != null && filter == null && condition == null) {
        rows = rows.limit(limit);
      }
      if (offset != null && filter == null && condition == null) {
        rows = skip(rows, offset);
      }
      Set<String> scanned = new LinkedHashSet<>();
      collectTensors(fields, scanned);
      if (filter != null) {
        scanned.addAll(RowFilters.tensors(filter));
      }
      scanned.addAll(conditionTensors);
      // Cut at the chunks of the largest tensor read: each of its chunks is read (and an lz4
      // chunk decompressed) by one task; the others' chunks are read by byte range.
      Tensor align = null;
      double alignBytes = -1;
      double bytesPerRow = 0;
      for (String name : scanned) {
        Tensor t = ds.tensor(name);
        double perRow = RowSplits.bytesPerRow(ds, t);
        bytesPerRow += perRow;
        double size = perRow * t.length();
        if (align == null
            || size > alignBytes
            || size == alignBytes && t.numChunks() > align.numChunks()) {
          align = t;
          alignBytes = size;
        }
      }
      long[] cuts = align == null ? new long[0] : RowSplits.chunkStartRows(align);
      List<long[]> splits = RowSplits.plan(rows, cuts, bytesPerRow, options.partitionBytes());
      boolean columnar = topN == null; // a top-n returns few rows, through the row reader
      for (ReadField f : fields) {
        columnar &= isColumnar(f, snap);
      }
      ReadSpec spec =
          new ReadSpec(options, snap.nodeId(), fields, required, filter, condition, rowCount);
      return new DeepLakeScan(
          snap, spec, splits, pushed, limit, offset, topN, rows.count(), bytesPerRow, columnar);
    }
  }

  /** Whether {@code query} is {@code SELECT *} with no clause (every row: nothing to run). */
  private static boolean isSelectAll(String query) {
    org.deeplake4j.engine.tql.Query q = Tql.parse(query);
    return q.isRowFilterOnly() && ((org.deeplake4j.engine.tql.Query.Select) q).where() == null;
  }

  /** {@code rows} without their first {@code n} rows. */
  static RowRanges skip(RowRanges rows, long n) {
    long left = n;
    for (int i = 0; i < rows.size(); i++) {
      long len = rows.end(i) - rows.start(i);
      if (left < len) {
        return rows.intersect(RowRanges.of(rows.start(i) + left, rows.end(rows.size() - 1)));
      }
      left -= len;
    }
    return RowRanges.empty();
  }

  private static void collectTensors(List<ReadField> fields, Set<String> out) {
    for (ReadField f : fields) {
      if (f instanceof ReadField.TensorField t) {
        out.add(t.tensor());
      } else if (f instanceof ReadField.GroupField g) {
        collectTensors(g.fields(), out);
      }
    }
  }

  private static boolean isColumnar(ReadField f, DeepLakeSnapshot snap) {
    if (f instanceof ReadField.IndexField || f instanceof ReadField.RefField) {
      return true;
    }
    if (f instanceof ReadField.TensorField t) {
      TensorColumn c = snap.columns().get(t.tensor());
      return c != null && c.isColumnar();
    }
    return false;
  }

  /** Opens the dataset of {@code spec} at its pinned node (executors; the caller closes it). */
  static Dataset openPinned(ReadSpec spec) {
    return Dataset.open(spec.options().path(), spec.options().openOptions(spec.nodeId()));
  }

  /**
   * A dataset handle at a scan's pinned node whose storage counts the chunk bytes read (for the
   * scan's metrics). Closing it closes the handle and its storage.
   */
  record Pinned(Dataset ds, CountingStorage storage) implements AutoCloseable {
    @Override
    public void close() {
      try {
        ds.close();
      } finally {
        storage.close();
      }
    }
  }

  /** Like {@link #openPinned}, through a {@link CountingStorage} (executors; the caller closes). */
  static Pinned openCounted(ReadSpec spec) {
    OpenOptions o = spec.options().openOptions(spec.nodeId());
    String path = DatasetPath.parse(spec.options().path()).path();
    CountingStorage s =
        new CountingStorage(o.resolver().resolve(path, o.storageOptions(), true), true);
    try {
      return new Pinned(Dataset.open(s, o), s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The tensors a reader of {@code spec} reads: its fields' and its row filter's. */
  static Set<String> scannedTensors(ReadSpec spec) {
    Set<String> out = new LinkedHashSet<>();
    collectTensors(spec.fields(), out);
    if (spec.filter() != null) {
      out.addAll(RowFilters.tensors(spec.filter()));
    }
    return out;
  }

  /** The tensors a reader of {@code spec} reads, with those of its bound query condition. */
  static Set<String> scannedTensors(ReadSpec spec, RowCondition condition) {
    Set<String> out = scannedTensors(spec);
    if (condition != null) {
      out.addAll(condition.tensors());
    }
    return out;
  }

  /** Chunks of {@code tensors} holding rows {@code [start, end)}. */
  static long chunksInRange(Dataset ds, Set<String> tensors, long start, long end) {
    long n = 0;
    for (String name : tensors) {
      Tensor t = ds.tensor(name);
      long stop = Math.min(end, t.length());
      if (stop <= start) {
        continue;
      }
      long first = t.isSequence() ? t.sequenceRange(start)[0] : start;
      long last = t.isSequence() ? t.sequenceRange(stop - 1)[1] - 1 : stop - 1;
      if (last < first) {
        continue;
      }
      int a = t.chunkRowOf(first);
      int b = t.chunkRowOf(last);
      if (a >= 0 && b >= a) {
        n += b - a + 1;
      }
    }
    return n;
  }

  @Override
  public StructType readSchema() {
    return spec.schema();
  }

  @Override
  public String description() {
    String cols =
        spec.schema().fieldNames().length == 0
            ? "[]"
            : "[" + String.join(", ", spec.schema().fieldNames()) + "]";
    return "DeepLakeScan "
        + snapshot
        + " "
        + cols
        + " PushedFilters: "
        + pushed.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"))
        + (spec.filter() == null ? "" : " RowFilter: " + spec.filter())
        + (spec.condition() == null
            ? ""
            : " PartitionQuery: [" + Tql.text(DeepLakeQueries.condition(spec.condition())) + "]")
        + (limit == null ? "" : " PushedLimit: " + limit)
        + (offset == null ? "" : " PushedOffset: " + offset)
        + (topN == null ? "" : " PushedTopN: " + topN)
        + " Rows: "
        + rows
        + " Partitions: "
        + splits.size()
        + (columnar ? " Columnar" : "");
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return columnar ? ColumnarSupportMode.SUPPORTED : ColumnarSupportMode.UNSUPPORTED;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    List<InputPartition> out = new ArrayList<>();
    for (long[] s : splits) {
      out.add(new DeepLakeInputPartition(spec, out.size(), s[0], s[1]));
    }
    return out.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new DeepLakeReaderFactory(columnar, spec.options().batchSize(), topN);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return DeepLakeMetrics.supported();
  }

  @Override
  public Statistics estimateStatistics() {
    long n = topN == null ? rows : Math.min(rows, (long) topN.limit() * splits.size());
    long size = (long) Math.ceil(bytesPerRow * n);
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(size);
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.of(n);
      }
    };
  }

  /**
   * Scans are equal when they read the same pinned version, fields, rows and filters, so Spark can
   * reuse one scan's output for another (self-joins, repeated subqueries).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof DeepLakeScan s
        && spec.equals(s.spec)
        && pushed.equals(s.pushed)
        && Objects.equals(limit, s.limit)
        && Objects.equals(offset, s.offset)
        && Objects.equals(topN, s.topN)
        && rows == s.rows;
  }

  @Override
  public int hashCode() {
    return Objects.hash(spec, pushed, limit, offset, topN, rows);
  }

  /** The number of rows the scan reads (before Spark's filters). */
  long rowCount() {
    return rows;
  }

  /** The spec shared by the partitions (tests and the columnar reader). */
  ReadSpec spec() {
    return spec;
  }
}
