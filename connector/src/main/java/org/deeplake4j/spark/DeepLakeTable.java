package org.deeplake4j.spark;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.connector.catalog.Column;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Deep Lake dataset version as a Spark table: batch reads, the metadata columns {@code _index}
 * (the row's index) and {@code _ref} (the version node read), and batch writes (append and
 * truncate, {@link DeepLakeWrite}; any DataFrame schema is accepted by Spark and checked by the
 * write). Its columns are fixed when the table is resolved; each scan pins the version again when
 * it is planned and checks that the columns still hold. A table for a path without a dataset
 * ({@link #loadForWrite}) has no columns and only writes (creating the dataset). Immutable.
 */
final class DeepLakeTable implements SupportsRead, SupportsWrite, SupportsMetadataColumns {
  private final Map<String, String> rawOptions;
  private final DeepLakeOptions options;
  private final DeepLakeSnapshot snapshot;
  private final StructType givenSchema;

  DeepLakeTable(
      Map<String, String> rawOptions, DeepLakeOptions options, DeepLakeSnapshot snapshot) {
    this(rawOptions, options, snapshot, null);
  }

  private DeepLakeTable(
      Map<String, String> rawOptions,
      DeepLakeOptions options,
      DeepLakeSnapshot snapshot,
      StructType givenSchema) {
    this.rawOptions = Map.copyOf(rawOptions);
    this.options = options;
    this.snapshot = snapshot;
    this.givenSchema = givenSchema;
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

  /**
   * The table of {@code rawOptions} for a write: the dataset's table when there is one, else a
   * table without columns that only writes (the write creates the dataset). Write options ({@code
   * htype.<col>}, {@code commitMessage}, ...) are not passed to the read side. {@code givenSchema}
   * is the schema Spark passed (the DataFrame's for a write, a user-specified one for a read); a
   * scan of a table whose given schema is not the dataset's is refused.
   */
  static DeepLakeTable loadForWrite(Map<String, String> rawOptions, StructType givenSchema) {
    Map<String, String> read = DeepLakeWriteOptions.readOptions(rawOptions);
    DeepLakeOptions o = DeepLakeOptions.parse(null, read);
    try {
      return new DeepLakeTable(rawOptions, o, DeepLakeSnapshot.load(o), givenSchema);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof AnalysisException a
          && "DEEPLAKE_DATASET_NOT_FOUND".equals(a.getCondition())) {
        return new DeepLakeTable(rawOptions, o, null, givenSchema);
      }
      throw DeepLakeErrors.rethrow(e);
    }
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
    return snapshot == null ? new StructType() : snapshot.schema();
  }

  @Override
  public Column[] columns() {
    StructField[] fs = schema().fields();
    Column[] out = new Column[fs.length];
    for (int i = 0; i < fs.length; i++) {
      StructField f = fs[i];
      out[i] = Column.create(f.name(), f.dataType(), f.nullable(), null, f.metadata().json());
    }
    return out;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(
        TableCapability.BATCH_READ,
        TableCapability.BATCH_WRITE,
        TableCapability.TRUNCATE,
        TableCapability.ACCEPT_ANY_SCHEMA);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new DeepLakeWrite.Builder(rawOptions, info);
  }

  @Override
  public Map<String, String> properties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TableCatalog.PROP_PROVIDER, DeepLakeDataSource.SHORT_NAME);
    p.put(TableCatalog.PROP_LOCATION, options.path());
    if (snapshot == null) {
      return p;
    }
    p.put("deeplake.branch", snapshot.branch());
    p.put("deeplake.node_id", snapshot.nodeId());
    p.put("deeplake.rows", Long.toString(snapshot.rowCount()));
    return p;
  }

  @Override
  public String version() {
    return snapshot == null ? null : snapshot.nodeId();
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
    if (snapshot == null) {
      throw DeepLakeErrors.notADataset(
          options.path(), new IllegalStateException("the path holds no dataset"));
    }
    if (givenSchema != null && !sameColumns(givenSchema, snapshot.schema())) {
      throw DeepLakeErrors.userSchema(options.path(), givenSchema, snapshot.schema());
    }
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

  /** Same column names and types (nullability and metadata aside). */
  private static boolean sameColumns(StructType a, StructType b) {
    if (a.fields().length != b.fields().length) {
      return false;
    }
    for (int i = 0; i < a.fields().length; i++) {
      StructField x = a.fields()[i];
      StructField y = b.fields()[i];
      if (!x.name().equals(y.name())
          || !x.dataType().catalogString().equals(y.dataType().catalogString())) {
        return false;
      }
    }
    return true;
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
