package org.deeplake4j.spark;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Deep Lake dataset version as a Spark table: batch reads, the metadata columns {@code _index}
 * (the row's index) and {@code _ref} (the version node read). Its columns are fixed when the table
 * is resolved; each scan pins the version again when it is planned and checks that the columns
 * still hold. Immutable.
 */
final class DeepLakeTable implements SupportsRead, SupportsMetadataColumns {
  private final Map<String, String> rawOptions;
  private final DeepLakeOptions options;
  private final DeepLakeSnapshot snapshot;

  DeepLakeTable(
      Map<String, String> rawOptions, DeepLakeOptions options, DeepLakeSnapshot snapshot) {
    this.rawOptions = Map.copyOf(rawOptions);
    this.options = options;
    this.snapshot = snapshot;
  }

  /** Loads the table of {@code rawOptions} (which name the path, or {@code path} is given). */
  static DeepLakeTable load(String path, Map<String, String> rawOptions) {
    DeepLakeOptions o = DeepLakeOptions.parse(path, rawOptions);
    Map<String, String> raw = new LinkedHashMap<>(rawOptions);
    if (path != null) {
      raw.put(DeepLakeOptions.PATH, path);
    }
    return new DeepLakeTable(raw, o, DeepLakeSnapshot.load(o));
  }

  /** The options this table was loaded with, as given. */
  Map<String, String> rawOptions() {
    return rawOptions;
  }

  DeepLakeSnapshot snapshot() {
    return snapshot;
  }

  @Override
  public String name() {
    return "deeplake.`" + options.path() + "`" + (options.ref() == null ? "" : "@" + options.ref());
  }

  @Override
  @SuppressWarnings("deprecation")
  public StructType schema() {
    return snapshot.schema();
  }

  @Override
  public Column[] columns() {
    StructField[] fs = snapshot.schema().fields();
    Column[] out = new Column[fs.length];
    for (int i = 0; i < fs.length; i++) {
      StructField f = fs[i];
      out[i] = Column.create(f.name(), f.dataType(), f.nullable(), null, f.metadata().json());
    }
    return out;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TableCatalog.PROP_PROVIDER, DeepLakeDataSource.SHORT_NAME);
    p.put(TableCatalog.PROP_LOCATION, options.path());
    p.put("deeplake.branch", snapshot.branch());
    p.put("deeplake.node_id", snapshot.nodeId());
    p.put("deeplake.rows", Long.toString(snapshot.rowCount()));
    return p;
  }

  @Override
  public String version() {
    return snapshot.nodeId();
  }

  @Override
  public MetadataColumn[] metadataColumns() {
    return new MetadataColumn[] {
      new Meta(
          DeepLakeSnapshot.INDEX_COLUMN,
          DataTypes.LongType,
          "index of the row in the dataset version read (Python's ds[i] index)"),
      new Meta(
          DeepLakeSnapshot.REF_COLUMN,
          DataTypes.StringType,
          "id of the version node read: the commit id, or the branch's HEAD node id")
    };
  }

  private record Meta(String name, DataType dataType, String comment) implements MetadataColumn {
    @Override
    public boolean isNullable() {
      return false;
    }
  }

  /**
   * A scan builder for {@code scanOptions} (the read's options; for catalog tables the query's
   * {@code WITH} options). Options beyond the table's may add storage options and tune
   * partitioning; options that would change the columns or version must match the table's.
   */
  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    Map<String, String> merged = new LinkedHashMap<>(rawOptions);
    for (Map.Entry<String, String> e : scanOptions.asCaseSensitiveMap().entrySet()) {
      String k = e.getKey().toLowerCase(Locale.ROOT);
      if (DeepLakeOptions.SCHEMA_KEYS.contains(k)) {
        String mine = rawValue(k);
        if (!Objects.equals(mine, e.getValue())) {
          throw DeepLakeErrors.schemaOptionOnScan(name(), e.getKey(), e.getValue());
        }
        continue;
      }
      merged.remove(existingKey(merged, e.getKey()));
      merged.put(e.getKey(), e.getValue());
    }
    DeepLakeOptions scan = DeepLakeOptions.parse(options.path(), merged).withRef(options.ref());
    return new DeepLakeScanBuilder(this, scan);
  }

  private String rawValue(String lowerKey) {
    for (Map.Entry<String, String> e : rawOptions.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerKey)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String existingKey(Map<String, String> m, String key) {
    for (String k : m.keySet()) {
      if (k.equalsIgnoreCase(key)) {
        return k;
      }
    }
    return key;
  }

  @Override
  public String toString() {
    return name();
  }
}
