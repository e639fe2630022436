package org.deeplake4j.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.SessionConfigSupport;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The {@code deeplake} data source: {@code spark.read.format("deeplake").load("/data/ds")} reads a
 * Deep Lake 3.x dataset at its {@code main} branch, or at the branch or commit named by the {@code
 * ref} (alias {@code versionAsOf}) option or a {@code PATH@ref} suffix.
 *
 * <p>Options (reader keys are case-insensitive): {@code ref}/{@code versionAsOf}, {@code tensors}
 * (comma-separated names to expose), {@code includeHidden}, {@code padTensors}, {@code classLabels}
 * ({@code index} or {@code name}), {@code partitionBytes}, {@code batchSize}; any other option is
 * passed to the storage backend, as are session settings {@code spark.datasource.deeplake.*}.
 * Errors in the path, ref or options are {@link org.apache.spark.sql.AnalysisException}s raised by
 * {@code load()}, before any task runs.
 *
 * <p>Spark creates an instance per lookup; the table loaded by {@link #inferSchema} is reused by
 * {@link #getTable} of the same instance.
 */
public final class DeepLakeDataSource
    implements TableProvider, DataSourceRegister, SessionConfigSupport {
  /** The format name. */
  public static final String SHORT_NAME = "deeplake";

  private DeepLakeTable loaded;

  @Override
  public String shortName() {
    return SHORT_NAME;
  }

  @Override
  public String keyPrefix() {
    return SHORT_NAME;
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    loaded = DeepLakeTable.load(null, options.asCaseSensitiveMap());
    return loaded.schema();
  }

  /**
   * True so that {@code df.write} passes the DataFrame's schema to {@link #getTable} instead of
   * inferring the schema of a dataset that may not exist yet. A read with a user-specified schema
   * other than the dataset's columns fails when its scan is planned (not at {@code load()}).
   */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(
      StructType schema, Transform[] partitioning, Map<String, String> properties) {
    DeepLakeTable t = loaded;
    if (t != null && t.rawOptions().equals(Map.copyOf(properties))) {
      return t;
    }
    // Without inferSchema first: a write (or a read with a user-specified schema).
    return DeepLakeTable.loadForWrite(properties, schema);
  }
}
